"""The national income-support measures (DOMAIN §5) as configuration: the next measure is a
new row, not new code. Seeded after every migrate (add-only: an administrator's edits stay)."""

import datetime as dt

MEASURES = [
    ("REI", "Reddito di inclusione", dt.date(2018, 1, 1), dt.date(2019, 3, 31), "D.Lgs. 147/2017"),
    (
        "RDC",
        "Reddito di cittadinanza",
        dt.date(2019, 4, 1),
        dt.date(2023, 12, 31),
        "D.L. 4/2019, convertito dalla L. 26/2019",
    ),
    ("ADI", "Assegno di inclusione", dt.date(2024, 1, 1), None, "D.L. 48/2023, L. 85/2023"),
]


def measures_sync() -> None:
    from .models import Measure

    for code, name, valid_from, valid_until, legal in MEASURES:
        Measure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "legal_reference": legal,
            },
        )
