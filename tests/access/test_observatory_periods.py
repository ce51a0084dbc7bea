"""The observatory compares like with like (issue 15: this year-to-date was compared with the
whole of last year, -99,9% in a year just begun): for the year in progress, the same months
of the previous year; and the report says which periods it compares."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from freezegun import freeze_time

from ambito.access.observatory import observatory_report
from tests.conftest import login
from tests.factories import AccessPointFactory

from .test_observatory import contact

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def two_years(zone_a, municipality_a):
    point = AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato")
    for when in (dt.datetime(2025, 2, 3, 10), dt.datetime(2025, 11, 3, 10)):
        contact(zone_a, point, when.replace(tzinfo=ROME), municipality_a, ["poverty"])
    contact(zone_a, point, dt.datetime(2026, 2, 5, 10, tzinfo=ROME), municipality_a, ["poverty"])


def test_the_year_in_progress_is_compared_with_the_same_months_of_last_year(planner, two_years):
    report = observatory_report(user=planner, year=2026, as_of=dt.date(2026, 3, 15))
    assert report.previous_total == 1  # February 2025, not November
    assert report.change == 0.0
    assert report.areas[0].previous_total == 1 and report.areas[0].change == 0.0
    november = report.trend[10]
    assert november.change is None  # a month still to come is not a -100%
    assert "gen–mar 2026" in report.comparison and "gen–mar 2025" in report.comparison


def test_a_past_year_is_compared_with_the_whole_previous_year(planner, two_years):
    report = observatory_report(user=planner, year=2025, as_of=dt.date(2026, 3, 15))
    assert report.previous_total == 0 and report.total == 2
    assert "2025" in report.comparison and "2024" in report.comparison


@freeze_time("2026-03-15 12:00:00")
def test_the_page_and_the_excel_file_say_which_periods_are_compared(client, planner, two_years):
    login(client, planner)
    html = client.get(reverse("observatory:report"), {"anno": "2026"}).content.decode()
    assert "gen–mar 2026" in html and "gen–mar 2025" in html
    from io import BytesIO

    from openpyxl import load_workbook

    content = client.get(reverse("observatory:export_xlsx"), {"anno": "2026"}).content
    notes = load_workbook(BytesIO(content))["Note"]
    assert any("gen–mar 2025" in str(c.value) for row in notes.iter_rows() for c in row)
