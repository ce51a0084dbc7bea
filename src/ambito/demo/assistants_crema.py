"""The demo's assistants of the Distretto di Crema (issue 19)."""

from __future__ import annotations

import random


def build_crema_assistants(context, rng: random.Random) -> dict:
    """Rows of this register for Crema's demo zone; returns counts for the builder's summary."""
    return {}
