"""A person's FTE is apportioned among the municipalities they serve (issue 15: a social
worker serving nine municipalities counted as a whole person in each, Abetone Cutigliano
1:532 "29 persone"): by their recorded split of hours, else by population; staff serving the
whole zone by the population of every municipality. The municipal FTEs add up to the zone's."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ambito.monitoring.indicators import INDICATORS
from ambito.monitoring.reports import staff_table
from ambito.monitoring.scope import Scope
from ambito.territory.models import StaffMunicipality
from ambito.territory.selectors.staff import staff_summary
from tests.conftest import login
from tests.factories import OrganisationFactory, PopulationFactory, StaffFactory

AS_OF = dt.date(2025, 6, 30)


@pytest.fixture
def staffed(zone_a, municipality_a, municipality_b):
    PopulationFactory(municipality=municipality_a, year=2024, population=50000)
    PopulationFactory(municipality=municipality_b, year=2024, population=5000)
    employer = OrganisationFactory(zone=zone_a)
    both = StaffFactory(zone=zone_a, employer=employer, weekly_hours=36)  # no split recorded
    both.municipalities.set([municipality_a, municipality_b])
    split = StaffFactory(zone=zone_a, employer=employer, weekly_hours=36)
    split.municipalities.set([municipality_a, municipality_b])
    StaffMunicipality.objects.filter(staff=split, municipality=municipality_a).update(
        weekly_hours=6
    )
    StaffMunicipality.objects.filter(staff=split, municipality=municipality_b).update(
        weekly_hours=30
    )
    StaffFactory(zone=zone_a, employer=employer, weekly_hours=18)  # the whole zone
    only_b = StaffFactory(zone=zone_a, employer=employer, weekly_hours=36)
    only_b.municipalities.set([municipality_b])
    return zone_a


def _fte(zone, municipality=None) -> Decimal:
    value = INDICATORS["lep-assistenti-sociali"].value(Scope(zone, AS_OF, municipality))
    return Decimal(value.numerator)


def test_the_municipal_ftes_add_up_to_the_zone_s(staffed, municipality_a, municipality_b):
    zone = _fte(staffed)
    assert zone == Decimal("3.50")  # 36 + 36 + 18 + 36 hours
    parts = _fte(staffed, municipality_a) + _fte(staffed, municipality_b)
    assert abs(parts - zone) <= Decimal("0.02")


def test_a_recorded_split_is_used_else_the_population(staffed, municipality_a, municipality_b):
    # a: 36 h x 50/55 (no split) + 6 h (split) + 18 h x 50/55 (whole zone)
    expected_a = (Decimal(36 + 18) * 50000 / 55000 + 6) / 36
    assert abs(_fte(staffed, municipality_a) - expected_a) <= Decimal("0.01")
    value = INDICATORS["lep-assistenti-sociali"].value(Scope(staffed, AS_OF, municipality_b))
    assert value.detail["heads"] == 4  # persons with a share in b, each counted once


def test_the_staff_table_and_the_staff_summary_apportion_too(
    staffed, municipality_a, municipality_b, zone_admin
):
    zone_total = staff_table(Scope(staffed, AS_OF))[0].totals[4]
    by_municipality = [
        staff_table(Scope(staffed, AS_OF, m))[0].totals[4] for m in (municipality_a, municipality_b)
    ]
    assert abs(sum(by_municipality) - zone_total) <= Decimal("0.02")
    summary = staff_summary(user=zone_admin)
    rows = {row.municipality.pk: row for row in summary.by_municipality}
    total = rows[municipality_a.pk].social_worker_fte + rows[municipality_b.pk].social_worker_fte
    assert abs(total - summary.social_worker_fte) <= Decimal("0.02")


def test_the_staff_form_records_a_split_of_hours(
    client, zone_admin, zone_a, municipality_a, municipality_b
):
    employer = OrganisationFactory(zone=zone_a)
    data = {
        "last_name": "Rossi",
        "first_name": "Anna",
        "profile": "social_worker",
        "employer": str(employer.uuid),
        "weekly_hours": "36",
        "area": "social",
        "municipalities": [str(municipality_a.uuid), str(municipality_b.uuid)],
        f"ore_{municipality_a.uuid}": "20",
        f"ore_{municipality_b.uuid}": "16",
        "active": "on",
    }
    response = login(client, zone_admin).post(reverse("territory:staff_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    hours = dict(
        StaffMunicipality.objects.filter(staff__last_name="Rossi").values_list(
            "municipality_id", "weekly_hours"
        )
    )
    assert hours == {municipality_a.pk: Decimal("20"), municipality_b.pk: Decimal("16")}


def test_a_split_that_does_not_add_up_is_refused_and_nothing_is_lost(
    client, zone_admin, zone_a, municipality_a, municipality_b
):
    employer = OrganisationFactory(zone=zone_a)
    data = {
        "last_name": "Bianchi",
        "first_name": "Anna",
        "profile": "social_worker",
        "employer": str(employer.uuid),
        "weekly_hours": "36",
        "area": "social",
        "municipalities": [str(municipality_a.uuid), str(municipality_b.uuid)],
        f"ore_{municipality_a.uuid}": "20",
        f"ore_{municipality_b.uuid}": "",
        "active": "on",
    }
    response = login(client, zone_admin).post(reverse("territory:staff_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bianchi" in html and "ore settimanali" in html.lower()
    assert not StaffMunicipality.objects.filter(staff__last_name="Bianchi").exists()


def test_the_staff_list_shows_the_recorded_split(client, zone_admin, staffed, municipality_b):
    html = login(client, zone_admin).get(reverse("territory:staff")).content.decode()
    assert f"{municipality_b.name} (30 h)" in html
