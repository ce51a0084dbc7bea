"""The urgency criteria of seed 000 (line 4, "Pronto intervento sociale"): its three situations
and, under each, the sub-criteria the zones' SEUS services use in practice. Seeded after every
migrate, add-only: an administrator's edits and new criteria stay."""

# (code, label, parent code, involves minors)
CRITERIA = [
    ("MIN", "Emergenza per la protezione e tutela di minori", None, True),
    ("MIN.ABB", "Minore solo o abbandonato", "MIN", True),
    ("MIN.MSNA", "Minore straniero non accompagnato", "MIN", True),
    ("MIN.VIO", "Minore vittima o testimone di violenza o maltrattamento", "MIN", True),
    ("MIN.GEN", "Genitore impossibilitato a prendersi cura del minore", "MIN", True),
    (
        "ADU",
        "Adulto in situazione di abbandono, deprivazione totale, violenza psico/fisica tale da "
        "costituire grave pregiudizio",
        None,
        False,
    ),
    ("ADU.ABB", "Abbandono o assenza di rete familiare e sociale", "ADU", False),
    ("ADU.DEP", "Deprivazione totale: senza dimora, senza mezzi di sussistenza", "ADU", False),
    ("ADU.VIO", "Violenza fisica o psicologica, anche domestica o di genere", "ADU", False),
    (
        "ADU.NAA",
        "Anziano o persona con disabilità non autosufficiente senza assistenza",
        "ADU",
        False,
    ),
    ("ALT", "Altra situazione di estrema gravità e pericolo per la persona", None, False),
    (
        "ALT.SFR",
        "Perdita improvvisa dell'alloggio (sfratto eseguito, sgombero, incendio)",
        "ALT",
        False,
    ),
    ("ALT.TRA", "Vittima di tratta o di sfruttamento", "ALT", False),
    ("ALT.DIM", "Dimissione ospedaliera senza rete di accoglienza", "ALT", False),
]


def criteria_sync() -> None:
    from .models import UrgencyCriterion

    by_code = {}
    for position, (code, label, parent, minors) in enumerate(CRITERIA):
        criterion, _ = UrgencyCriterion.objects.get_or_create(
            code=code,
            defaults={
                "label": label,
                "parent": by_code.get(parent),
                "involves_minors": minors,
                "position": position,
            },
        )
        by_code[code] = criterion
