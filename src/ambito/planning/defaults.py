"""The fund sources of DOMAIN §9 (seed 002 §7.1, seed 003 §G.3) as configuration, seeded after
every migrate (add-only: an administrator's edits stay)."""

FUNDS = [
    ("FNPS", "Fondo Nazionale Politiche Sociali", "national"),
    ("FP-QS", "Fondo Povertà – quota servizi", "national"),
    ("PON-INC", "PON Inclusione", "eu"),
    ("POR", "Programmi operativi regionali (POR FSE)", "eu"),
    ("FEAD", "PO I FEAD", "eu"),
    ("FSR", "Fondo Sociale Regionale", "regional"),
    ("FNA", "Fondo per le non autosufficienze", "national"),
    ("SOLID", "Fondo di solidarietà dei comuni", "municipal"),
    ("COM-BIL", "Bilanci comunali", "municipal"),
    ("COM-PROG", "Progetti comunali", "municipal"),
    ("ALTRO", "Altre fonti", "other"),
]


def funds_sync() -> None:
    from .models import FundSource

    for position, (code, name, kind) in enumerate(FUNDS):
        FundSource.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "position": position}
        )
