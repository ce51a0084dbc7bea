import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ambito.emergency import services
from ambito.emergency.reports import emergency_report, percentile
from tests.conftest import login

from .conftest import criterion

ROME = ZoneInfo("Europe/Rome")


def test_nearest_rank_percentiles():
    histogram = [(10, 1), (20, 1), (30, 1), (100, 1)]
    assert percentile(histogram, 50) == 20
    assert percentile(histogram, 90) == 100
    assert percentile([(5, 9), (60, 1)], 90) == 5
    assert percentile([], 50) is None


@pytest.fixture
def year_of_reports(operator, municipality_a, municipality_b, shelter):
    """Four reports of March 2025 with first responses after 10, 20, 30 and 100 minutes."""
    made = []
    for day, hour, minutes, municipality, codes, how in [
        (3, 2, 10, municipality_a, ("ADU.VIO",), "place"),
        (4, 23, 20, municipality_a, ("ADU.DEP", "ADU.ABB"), "respond"),
        (5, 23, 30, municipality_b, ("MIN.ABB",), "place_minor"),
        (6, 14, 100, municipality_b, (), "not"),
    ]:
        reported = dt.datetime(2025, 3, day, hour, 0, tzinfo=ROME)
        emergency = services.emergency_report(
            actor=operator,
            reported_at=reported,
            reporter_kind="police",
            municipality=municipality,
            location="Via Roma",
            situation="Situazione di prova",
            criteria=[criterion(c) for c in codes],
            persons=[{"description": "persona non identificata"}],
        )
        at = reported + dt.timedelta(minutes=minutes)
        if how == "place":
            services.placement_create(
                emergency=emergency, shelter=shelter, actor=operator, place_type="adult", at=at
            )
        elif how == "place_minor":
            services.placement_create(
                emergency=emergency, shelter=shelter, actor=operator, place_type="minor", at=at
            )
        elif how == "respond":
            services.emergency_respond(
                emergency=emergency, actor=operator, measures=["meal"], at=at
            )
        else:
            services.emergency_not_emergency(
                emergency=emergency, actor=operator, reason="Informazioni", at=at
            )
        made.append(emergency)
    # The adult leaves on 13 March at noon: 10 nights (3 → 13).
    placement = made[0].placements.get()
    services.placement_end(
        placement=placement, actor=operator, at=dt.datetime(2025, 3, 13, 12, tzinfo=ROME)
    )
    minor = made[2].placements.get()
    services.placement_end(
        placement=minor, actor=operator, at=dt.datetime(2025, 3, 6, 9, tzinfo=ROME)
    )
    return made


def _report(zone, **kwargs):
    return emergency_report(
        zone_ids=[zone.pk], start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31), **kwargs
    )


def test_the_report_counts_by_situation_criterion_municipality_hour_and_outcome(
    year_of_reports, zone_a, municipality_a
):
    report = _report(zone_a)
    assert report.total == 4 and report.minors == 1
    assert dict(report.by_situation) == {
        "Emergenza per la protezione e tutela di minori": 1,
        criterion("ADU").label: 2,  # two sub-criteria of one report count it once
        criterion("ALT").label: 0,
        "Nessun criterio soddisfatto": 1,
    }
    assert {label: n for _, label, n in report.by_criterion} == {
        criterion("ADU.VIO").label: 1,
        criterion("ADU.DEP").label: 1,
        criterion("ADU.ABB").label: 1,
        criterion("MIN.ABB").label: 1,
    }
    assert dict(report.by_municipality) == {municipality_a.name: 2, "Quarrata": 2}
    assert report.by_hour[2] == 1 and report.by_hour[23] == 2 and report.by_hour[14] == 1
    assert sum(report.by_hour) == report.total
    assert report.out_of_hours == 3
    assert dict(report.by_outcome) == {
        "In corso": 0,
        "Collocamento in struttura": 2,
        "Altri interventi immediati": 1,
        "Non è un'emergenza": 1,
    }


def test_response_times_are_median_and_90th_percentile(year_of_reports, zone_a):
    report = _report(zone_a)
    assert (report.response.count, report.response.median, report.response.p90) == (4, 20, 100)
    assert (report.placement.count, report.placement.median, report.placement.p90) == (2, 10, 30)


def test_a_municipality_filter_narrows_every_figure(year_of_reports, zone_a, municipality_a):
    report = _report(zone_a, municipality=municipality_a)
    assert report.total == 2 and report.response.median == 10


def test_shelter_occupancy_is_place_nights_over_capacity_by_month(year_of_reports, zone_a):
    report = _report(zone_a)
    (row,) = report.occupancy
    assert report.month_labels == ["mar 2025"]
    # 10 adult nights + 1 minor night over 5 places x 31 nights.
    assert row.capacity == 5
    assert row.by_month == [round(100 * 11 / (5 * 31), 1)]


def test_the_excel_export_holds_the_same_figures(client, operator, year_of_reports):
    response = login(client, operator).get(
        reverse("emergency:report"), {"start": "2025-03-01", "end": "2025-03-31", "formato": "xlsx"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Informazioni", "Situazioni", "Criteri"]
    timings = list(book["Tempi di risposta"].iter_rows(values_only=True))
    assert timings[1] == ("Dalla segnalazione alla prima risposta", 4, 20, 100)
    hours = list(book["Ore"].iter_rows(values_only=True))
    assert hours[24] == ("23:00-23:59", 2)
    assert dict(list(book["Informazioni"].iter_rows(values_only=True))[1:4])["Segnalazioni"] == 4


def test_the_report_page_is_open_to_the_planner_and_shows_figures_only(
    client, planner, year_of_reports
):
    page = login(client, planner).get(
        reverse("emergency:report"), {"start": "2025-03-01", "end": "2025-03-31"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "<strong>4</strong> segnalazioni" in html
    assert "Via Roma" not in html


def test_the_report_page_is_closed_to_a_front_office_operator(client, front_office):
    assert login(client, front_office).get(reverse("emergency:report")).status_code == 403


def test_an_empty_period_gives_zeros_not_errors(zone_a):
    report = emergency_report(
        zone_ids=[zone_a.pk], start=timezone.localdate(), end=timezone.localdate()
    )
    assert report.total == 0 and report.response.median is None


def test_a_period_with_no_timed_report_says_so_instead_of_none(zone_a):
    """Issue 15: "None" in the report when nothing was timed in the period."""
    data = emergency_report(
        zone_ids=[zone_a.pk], start=dt.date(2026, 1, 1), end=dt.date(2026, 1, 31)
    )
    assert data.response.median is None
    assert data.response.sentence == "nessun tempo registrato nel periodo"
    assert "None" not in data.placement.sentence


def test_a_timing_in_words(year_of_reports, zone_a):
    data = emergency_report(
        zone_ids=[zone_a.pk], start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert data.response.sentence.startswith(f"mediana {data.response.median} min, 90° percentile")
    assert data.response.sentence.endswith(f"({data.response.count} segnalazioni)")
