"""Arithmetic of §9 that reports must get exactly right: shares rounded so that they add up to
100, quotas split to the cent so that they add up to the total, and an action's status
against its quarterly schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_FLOOR, Decimal

from .choices import Progress, ScheduleStatus


def largest_remainder(values: Sequence[Decimal], total: Decimal, step: Decimal) -> list[Decimal]:
    """Split `total` in proportion to `values`, in multiples of `step`, so that the parts add
    up to `total` exactly (largest remainder method: round every part down, then give the
    remaining steps to the largest remainders, the first in order on ties)."""
    weight = sum(values, Decimal("0"))
    if not values:
        return []
    if weight == 0:
        return [Decimal("0")] * len(values)
    exact = [total * v / weight for v in values]
    floors = [(e / step).to_integral_value(rounding=ROUND_FLOOR) * step for e in exact]
    left = int(((total - sum(floors, Decimal("0"))) / step).to_integral_value())
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += step
    return floors


def shares(values: Sequence[Decimal], decimals: int = 1) -> list[Decimal]:
    """Percentages of each value on their sum, shown with `decimals` and adding up to 100."""
    return largest_remainder(values, Decimal("100"), Decimal(1).scaleb(-decimals))


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def schedule_status(
    quarters: Iterable[tuple[int, int, bool, str]], today: dt.date
) -> ScheduleStatus:
    """An action's status from its quarters (year, quarter, planned, progress):
    - done: every planned quarter done;
    - late: a quarter marked late, or a planned quarter already over and not done;
    - not started: nothing recorded and the first planned quarter not yet over;
    - on time otherwise."""
    rows = list(quarters)
    planned = [r for r in rows if r[2]]
    now = quarter_of(today)
    if planned and all(r[3] == Progress.DONE for r in planned):
        return ScheduleStatus.DONE
    if any(r[3] == Progress.LATE for r in rows):
        return ScheduleStatus.LATE
    if any((r[0], r[1]) < now and r[3] != Progress.DONE for r in planned):
        return ScheduleStatus.LATE
    if not any(r[3] for r in rows):
        return ScheduleStatus.NOT_STARTED
    return ScheduleStatus.ON_TIME
