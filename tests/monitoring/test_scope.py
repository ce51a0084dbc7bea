"""What the monitoring pages compute on, for a user who serves several municipalities (issue
15: the coordinator's dashboard showed her first municipality while the form said "Tutto
l'ambito")."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import login
from tests.factories import MunicipalityFactory, PopulationFactory, UserFactory

from .conftest import make_case, positive_application


@pytest.fixture
def three(zone_a, municipality_a, municipality_b):
    other = MunicipalityFactory(zone=zone_a, istat_code="047002")  # Agliana: not served
    for municipality, inhabitants in ((municipality_a, 50000), (municipality_b, 5000)):
        PopulationFactory(municipality=municipality, year=2024, population=inhabitants)
    PopulationFactory(municipality=other, year=2024, population=7000)
    return municipality_a, municipality_b, other


@pytest.fixture
def coordinator(zone_a, three):
    a, b, _ = three
    return UserFactory(username="coord", zone=zone_a, roles=["coordinator"], municipalities=[a, b])


def test_a_user_serving_several_municipalities_sees_their_union_and_the_label_says_so(
    client, coordinator, three
):
    a, b, other = three
    html = login(client, coordinator).get(reverse("monitoring:dashboard")).content.decode()
    names = ", ".join(sorted([a.name, b.name]))
    assert f"Comuni seguiti: {names}" in html
    assert "Tutto l&#x27;ambito" not in html and "Tutto l'ambito" not in html
    # Each served municipality is a column; the one not served is nowhere.
    table = html.split('data-testid="dashboard-1"')[1].split("</table>")[0]
    assert a.name in table and b.name in table and other.name not in table


def test_the_union_counts_only_the_served_municipalities(
    client, coordinator, three, social_worker_a
):
    a, b, other = three
    for n, municipality in enumerate([a, b, other]):
        case = make_case(social_worker_a, municipality)
        positive_application(case, dt.date(2025, 3, 1), f"U{n}")
    login(client, coordinator)
    page = client.get(reverse("monitoring:report", args=["profilo-nuclei"]))
    assert page.status_code == 200
    table = page.context["tables"][0]
    assert table.totals[1] == 2  # the households of a and b, not of the third municipality
    applications = client.get(reverse("monitoring:report", args=["domande"])).context["tables"]
    assert [row[0] for row in applications[0].rows] == sorted([a.name, b.name])


def test_one_chosen_municipality_is_what_the_label_says(client, coordinator, three):
    a, _, _ = three
    html = (
        login(client, coordinator)
        .get(reverse("monitoring:dashboard"), {"comune": a.istat_code})
        .content.decode()
    )
    assert f"comune di {a.name}" in html


def test_a_planner_sees_the_whole_zone_and_the_label_says_so(client, planner, three):
    html = login(client, planner).get(reverse("monitoring:dashboard")).content.decode()
    assert "Tutto l&#x27;ambito" in html
    assert "Comuni seguiti" not in html
