"""Working days: weekends, national holidays and the province's patron saint."""

from datetime import date, timedelta

import pytest

from ambito.core.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)


def brute_force(start: date, end: date, province=None) -> int:
    return sum(
        is_working_day(start + timedelta(days=i), province)
        for i in range(1, (end - start).days + 1)
    )


def test_weekends_and_christmas_are_not_working_days():
    assert not is_working_day(date(2025, 12, 27))  # Saturday
    assert not is_working_day(date(2025, 12, 25)) and not is_working_day(date(2025, 12, 26))
    assert is_working_day(date(2025, 12, 29))


def test_the_patron_saint_counts_only_in_its_province():
    # 25 July, St James, patron saint of Pistoia; a Friday in 2025.
    assert not is_working_day(date(2025, 7, 25), "PT")
    assert is_working_day(date(2025, 7, 25), "LU")
    # 13 November, Sant'Omobono, patron saint of Cremona.
    assert not is_working_day(date(2025, 11, 13), "CR")
    assert is_working_day(date(2025, 11, 13), "PT")


def test_the_next_working_day_skips_weekend_and_holidays():
    assert next_working_day(date(2025, 12, 24)) == date(2025, 12, 29)  # Wed → Mon
    assert next_working_day(date(2025, 7, 24), "PT") == date(2025, 7, 28)  # Thu → Mon
    assert next_working_day(date(2025, 7, 24), "LU") == date(2025, 7, 25)
    assert next_working_day(date(2025, 4, 18)) == date(2025, 4, 22)  # Good Friday, Easter Monday


def test_counting_from_an_outcome_to_a_meeting():
    assert working_days_between(date(2025, 1, 10), date(2025, 1, 13)) == 1  # Fri → Mon
    assert working_days_between(date(2025, 1, 10), date(2025, 1, 10)) == 0
    assert working_days_between(date(2025, 1, 13), date(2025, 1, 10)) == -1
    # Christmas week 2025: 22-31 December has 6 working days (25, 26 and the weekend off).
    assert working_days_between(date(2025, 12, 21), date(2025, 12, 31)) == 6
    # With Pistoia's patron saint, July 2025 has one working day fewer than in Lucca.
    pistoia = working_days_between(date(2025, 6, 30), date(2025, 7, 31), "PT")
    lucca = working_days_between(date(2025, 6, 30), date(2025, 7, 31), "LU")
    assert (pistoia, lucca) == (22, 23)


@pytest.mark.parametrize("province", [None, "PT", "CR"])
def test_the_fast_count_equals_a_day_by_day_count_over_two_years(province):
    start = date(2024, 1, 1)
    for days in (0, 1, 6, 7, 8, 30, 64, 365, 400, 731):
        end = start + timedelta(days=days)
        assert working_days_between(start, end, province) == brute_force(start, end, province)
        start += timedelta(days=3)


def test_adding_working_days_is_the_inverse_of_counting():
    start = date(2025, 12, 19)
    for n in range(0, 40):
        assert working_days_between(start, add_working_days(start, n, "PT"), "PT") == n
