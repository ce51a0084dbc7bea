"""Seeded configuration: need areas (DOMAIN §2) and intervention types (seed 002 codes and
Tabella 8, the latter with local codes T8.*). Administrators edit them in the admin.

Applied after every `migrate` (post_migrate, like the role groups), so a test database flushed
by a transactional test gets them back too."""

NEED_AREAS = [
    ("family_minors", "Famiglia e minori"),
    ("elderly", "Anziani"),
    ("disability", "Disabilità"),
    ("poverty", "Povertà ed esclusione sociale"),
    ("housing", "Casa"),
    ("work", "Lavoro"),
    ("addiction", "Dipendenze"),
    ("mental_health", "Salute mentale"),
    ("immigration", "Immigrazione"),
    ("violence", "Violenza"),
    ("other", "Altro"),
]

# (code, name, need areas, source)
INTERVENTION_TYPES = [
    ("A.1.c.2", "Sostegno socio-educativo domiciliare", ["family_minors", "poverty"], "seed 002"),
    (
        "A.1.c.3",
        "Sostegno alla genitorialità e servizio di mediazione familiare",
        ["family_minors"],
        "seed 002",
    ),
    ("A.1.c.4", "Alfabetizzazione per famiglie immigrate", ["immigration"], "seed 002"),
    (
        "A.1.c.5",
        "Assistenza domiciliare, pronto intervento sociale e servizi di prossimità",
        ["elderly", "disability", "poverty"],
        "seed 002",
    ),
    ("B.2.b", "Tirocini finalizzati all'inclusione sociale", ["work", "poverty"], "seed 002"),
    ("T8.MED", "Mediazione interculturale", ["immigration"], "seed 002 Tabella 8"),
    ("T8.DIP", "Prevenzione delle dipendenze", ["addiction"], "seed 002 Tabella 8"),
    ("T8.ORI", "Laboratori di orientamento al lavoro", ["work"], "seed 002 Tabella 8"),
    ("T8.INF", "Laboratori di alfabetizzazione informatica", ["work"], "seed 002 Tabella 8"),
    ("T8.CAN", "Cantieri sociali", ["work", "poverty"], "seed 002 Tabella 8"),
    ("T8.FOR", "Formazione dei beneficiari", ["work"], "seed 002 Tabella 8"),
    ("T8.NID", "Voucher per i servizi per la prima infanzia (nido)", ["family_minors"], "seed 002"),
]


def configuration_sync() -> None:
    """Create the need areas and intervention types that are missing (never changes or
    removes what an administrator edited)."""
    from .models import InterventionType, NeedArea

    for position, (code, name) in enumerate(NEED_AREAS):
        NeedArea.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    for code, name, areas, source in INTERVENTION_TYPES:
        kind, created = InterventionType.objects.get_or_create(
            code=code, defaults={"name": name, "source": source}
        )
        if created:
            kind.need_areas.set(NeedArea.objects.filter(code__in=areas))
