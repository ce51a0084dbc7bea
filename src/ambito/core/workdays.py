"""Italian working days (DOMAIN §4): the pathway's durations and the deadlines of tasks are
counted in working days — Monday to Friday, excluding the national public holidays and the
patron saint's day of the province (the `holidays` package, `holidays.IT(subdiv=<sigla>)`).

A zone lies in one province as a rule; where it spans two, the province of its first
municipality (by ISTAT code) is used, which is what the zone's offices follow in practice.

`working_days_between(a, b)` counts the working days after `a` up to and including `b`: the
days an office had to act after an event, so an outcome on Friday and a meeting on the next
Monday is 1 working day."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

WEEKEND = {5, 6}  # Saturday, Sunday


@lru_cache(maxsize=256)
def _holidays(province: str | None, year: int) -> frozenset[dt.date]:
    subdiv = province if province in holidays.IT.subdivisions else None
    return frozenset(holidays.IT(years=year, subdiv=subdiv))


def holiday_name(day: dt.date, province: str | None = None) -> str | None:
    subdiv = province if province in holidays.IT.subdivisions else None
    return holidays.IT(years=day.year, subdiv=subdiv).get(day)


def is_working_day(day: dt.date, province: str | None = None) -> bool:
    return day.weekday() not in WEEKEND and day not in _holidays(province, day.year)


def next_working_day(day: dt.date, province: str | None = None) -> dt.date:
    """The first working day after `day` (not `day` itself)."""
    day += dt.timedelta(days=1)
    while not is_working_day(day, province):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int, province: str | None = None) -> dt.date:
    """The date `count` working days after `day` (count >= 0; 0 gives `day`)."""
    if count < 0:
        raise ValueError("count deve essere >= 0")
    for _ in range(count):
        day = next_working_day(day, province)
    return day


def working_days_between(start: dt.date, end: dt.date, province: str | None = None) -> int:
    """Working days after `start` up to and including `end`; negative if `end` is earlier."""
    if end < start:
        return -working_days_between(end, start, province)
    total = 0
    day = start + dt.timedelta(days=1)
    # Whole weeks at once: 5 weekdays each, minus the holidays that fall on them.
    weeks, rest = divmod((end - start).days, 7)
    if weeks:
        span_end = day + dt.timedelta(days=7 * weeks)
        total += 5 * weeks - sum(
            1
            for year in range(day.year, span_end.year + 1)
            for holiday in _holidays(province, year)
            if day <= holiday < span_end and holiday.weekday() not in WEEKEND
        )
        day = span_end
    for _ in range(rest):
        if is_working_day(day, province):
            total += 1
        day += dt.timedelta(days=1)
    return total


def zone_province(zone) -> str | None:
    """The province whose patron saint the zone's offices observe (see the module note)."""
    municipality = zone.municipalities.order_by("istat_code").only("province_code").first()
    return municipality.province_code if municipality else None
