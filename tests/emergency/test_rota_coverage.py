"""The rota covers every out-of-office hour, holidays included (issue 15: the demo left the
daytime of 8 December with nobody on call)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from freezegun import freeze_time

from ambito.demo.emergencies import build_rota
from ambito.emergency.models import OnCallShift
from ambito.emergency.selectors import out_of_office_periods, rota_gaps

pytestmark = pytest.mark.django_db
ROME = ZoneInfo("Europe/Rome")


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, tzinfo=ROME)


def test_a_national_holiday_is_out_of_office_time_all_day():
    # Monday 7, Tuesday 8 December 2026 (Immacolata), Wednesday 9.
    periods = out_of_office_periods(start=dt.date(2026, 12, 7), days=3)
    assert periods == [(at(7, 0), at(7, 8)), (at(7, 18), at(9, 8)), (at(9, 18), at(10, 0))]


def test_a_week_end_runs_from_friday_evening_to_monday_morning():
    periods = out_of_office_periods(start=dt.date(2026, 12, 4), days=4)  # Fri to Mon
    assert (at(4, 18), at(7, 8)) in periods


def shift(zone, user, begin, end):
    return OnCallShift.objects.create(
        zone=zone, user=user, role="operator", starts_at=begin, ends_at=end
    )


@freeze_time("2026-12-07 10:00:00")
def test_nights_only_leave_the_holiday_daytime_uncovered_and_the_rota_page_says_so(
    client, zone_a, operator
):
    shift(zone_a, operator, at(7, 0), at(7, 8))
    shift(zone_a, operator, at(7, 18), at(8, 8))
    shift(zone_a, operator, at(8, 18), at(9, 8))
    gaps = rota_gaps(zone_id=zone_a.pk, start=dt.date(2026, 12, 7), days=2)
    assert gaps == [(at(8, 8), at(8, 18))]
    client.force_login(operator)
    response = client.get(reverse("emergency:rota"), {"dal": "2026-12-07"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="rota-gaps"' in html
    assert "dal martedì 08/12/2026 08:00 al martedì 08/12/2026 18:00" in html


@freeze_time("2026-12-01 12:00:00")
def test_the_demo_rota_leaves_no_out_of_office_hour_uncovered(zone_a, operator, social_worker_a):
    build_rota(zone_a, operator, [social_worker_a])
    start = dt.date(2026, 11, 24)
    assert rota_gaps(zone_id=zone_a.pk, start=start, days=22, province="PT") == []
    holiday = OnCallShift.objects.filter(starts_at__lte=at(8, 12), ends_at__gt=at(8, 12))
    assert {s.role for s in holiday} == {"operator", "social_worker"}
