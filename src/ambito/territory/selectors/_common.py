"""Helpers shared by the territory's reads: numbers and times written the Italian way."""

from __future__ import annotations

from datetime import time
from decimal import ROUND_HALF_UP, Decimal

# --- formatting the Italian way (independent of the active locale) ---------------------------


def format_number(value, places: int = 0) -> str:
    """171723 -> "171.723"; Decimal("99") with 2 places -> "99,00"."""
    quantum = Decimal(1).scaleb(-places)
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{number:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_euro(value) -> str:
    """Decimal("1234.5") -> "€ 1.234,50": the one way messages, pages and files write euros."""
    return f"€ {format_number(value, 2)}"


def format_time(value: time) -> str:
    """9:00, 12:30 (no leading zero, as on the office door)."""
    return f"{value.hour}:{value.minute:02d}"
