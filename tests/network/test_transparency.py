"""The public transparency page of a line (no login): the hours each organisation recorded,
the monthly chart with its data table, the results returned, the totals; organisation names
and figures only, never the users who recorded them. Another zone's code, a line of a plan
that is not a pact, an unknown line: 404."""

import datetime as dt

import pytest
from django.urls import reverse

from ambito.network.models import Candidature
from ambito.network.services import commitments as services
from ambito.planning import services as planning
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder(zone_a, body_a):
    return UserFactory(
        zone=zone_a, organisation=body_a, roles=["third_sector"],
        username="operatrice.alfa", first_name="Ornella", last_name="Riservatissima",
    )  # fmt: skip


@pytest.fixture
def recorded(body_a, line_1, recorder):
    Candidature.objects.create(
        zone_id=body_a.zone_id, line=line_1, organisation=body_a, state="active",
        contribution="Sportello", proposed_role="Supporto", submitted_by=recorder,
    )  # fmt: skip
    for month, hours in ((dt.date(2026, 2, 1), "1234.5"), (dt.date(2026, 3, 1), "10")):
        services.commitment_record_save(
            actor=recorder, organisation=body_a, line=line_1, month=month, hours=hours,
            people=3, expenses="250.00", training_hours="4",
            results=f"Restituito il bilancio di {month:%m/%Y}",
        )  # fmt: skip


def url(line, code=None):
    return reverse("network_public:line", args=[code or line.plan.zone.code, line.uuid])


def test_anyone_reads_the_hours_recorded_on_a_line_without_login(client, line_1, recorded):
    response = client.get(url(line_1))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Associazione Alfa (prova)" in text
    assert "1.244,5" in text  # the total hours, the Italian way
    assert "1.234,5" in text  # February's, in the data table
    assert "Restituito il bilancio di 03/2026" in text
    assert 'data-chart="dati-grafico-linea"' in text and 'id="dati-grafico-linea"' in text
    assert "€ 500,00" in text


def test_the_public_page_names_no_person(client, line_1, recorded, recorder):
    text = client.get(url(line_1)).content.decode()
    for name in ("Ornella", "Riservatissima", "operatrice.alfa"):
        assert name not in text


def test_another_zone_code_is_a_404(client, line_1, zone_b, recorded):
    assert client.get(url(line_1, code=zone_b.code)).status_code == 404
    assert client.get(url(line_1, code="zona-che-non-esiste")).status_code == 404


def test_a_line_of_a_plan_that_is_not_a_pact_is_a_404(client, planner):
    plan = planning.plan_create(
        actor=planner, kind="zone_plan", title="Piano di zona",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
    )  # fmt: skip
    objective = planning.objective_add(actor=planner, plan=plan, code="O1", title="Obiettivo")
    assert client.get(url(objective)).status_code == 404


def test_a_line_with_nothing_recorded_says_so(client, line_2):
    response = client.get(url(line_2))
    assert response.status_code == 200
    assert "Nessun impegno documentato su questa linea." in response.content.decode()


def test_the_latest_results_are_shown_and_the_page_says_how_many_more(
    client, body_a, line_1, recorded, recorder
):
    for month in (dt.date(2026, 4, 1), dt.date(2026, 5, 1)):
        services.commitment_record_save(
            actor=recorder, organisation=body_a, line=line_1, month=month, hours="1",
            results=f"Restituito il bilancio di {month:%m/%Y}",
        )  # fmt: skip
    text = client.get(url(line_1)).content.decode()
    assert "Restituito il bilancio di 05/2026" in text
    assert "Restituito il bilancio di 02/2026" not in text
    assert "Mostrati 3 mesi su 4 con risultati documentati." in text
    every = client.get(url(line_1), {"risultati": "tutti"}).content.decode()
    assert "Restituito il bilancio di 02/2026" in every and "Mostrati" not in every
