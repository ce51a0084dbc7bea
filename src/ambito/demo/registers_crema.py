"""The registers and district services of the Distretto di Crema (issue 19), each from its own
generator, drawn in a fixed order so that adding one leaves the others' rows as they were."""

from __future__ import annotations

import random

from .assistants_crema import build_crema_assistants
from .district_crema import build_crema_district
from .fostering_crema import build_crema_fostering
from .protection_crema import build_crema_protection
from .rsa_crema import build_crema_rsa

BUILDERS = (
    ("rsa", build_crema_rsa),
    ("fostering", build_crema_fostering),
    ("assistants", build_crema_assistants),
    ("protection", build_crema_protection),
    ("district", build_crema_district),
)


def build_crema_registers(context, seed: float) -> dict:
    counts: dict = {}
    for name, build in BUILDERS:
        counts.update(build(context, random.Random(f"{seed}:{name}")))
    return counts
