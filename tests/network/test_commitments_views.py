"""The commitment pages: an operator documents a month for their organisation from the
list page, sees only their organisation's records, and gets a 404 on another's; bad input
re-renders with 422 and the service's Italian message, nothing written."""

import datetime as dt

import pytest
from django.urls import reverse

from ambito.network.models import Candidature, CommitmentRecord
from ambito.network.services import commitments as services
from tests.conftest import login

pytestmark = pytest.mark.django_db


def accepted(organisation, line, user):
    return Candidature.objects.create(
        zone_id=organisation.zone_id, line=line, organisation=organisation, state="accepted",
        contribution="Sportello", proposed_role="Supporto", submitted_by=user,
    )  # fmt: skip


@pytest.fixture
def records(body_a, body_b, line_1, operator_a, operator_b):
    accepted(body_a, line_1, operator_a)
    accepted(body_b, line_1, operator_b)
    a = services.commitment_record_save(
        actor=operator_a, organisation=body_a, line=line_1, month=dt.date(2026, 3, 1),
        hours="12", results="Orientate 40 famiglie",
    )  # fmt: skip
    b = services.commitment_record_save(
        actor=operator_b, organisation=body_b, line=line_1, month=dt.date(2026, 3, 1),
        hours="77", activities="Attività riservata di Beta",
    )  # fmt: skip
    return a, b


def form_data(line, **changes):
    data = {
        "line": str(line.uuid), "month": "2026-04", "hours": "9,5", "people": "3",
        "expenses": "0", "training_hours": "0", "side": "third_sector",
    }  # fmt: skip
    data.update(changes)
    return data


def test_an_operator_sees_only_their_records_and_the_form(client, operator_a, records):
    response = login(client, operator_a).get(reverse("network:commitments"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Associazione Alfa (prova)" in text and "Cooperativa Beta (prova)" not in text
    assert 'data-testid="commitment-form"' in text


def test_an_operator_documents_a_month_from_the_page(client, operator_a, body_a, line_1, records):
    response = login(client, operator_a).post(
        reverse("network:commitments"), form_data(line_1, organisation=str(body_a.uuid))
    )
    assert response.status_code == 302
    record = CommitmentRecord.objects.get(organisation=body_a, month=dt.date(2026, 4, 1))
    assert str(record.hours) == "9.5"


def test_negative_hours_rerender_with_422_in_italian(client, operator_a, body_a, line_1, records):
    response = login(client, operator_a).post(
        reverse("network:commitments"),
        form_data(line_1, organisation=str(body_a.uuid), hours="-3"),
    )
    assert response.status_code == 422
    assert "Le ore dedicate non possono essere negative." in response.content.decode()
    assert CommitmentRecord.objects.count() == 2


def test_an_operator_cannot_post_for_another_organisation(
    client, operator_a, body_b, line_1, records
):
    response = login(client, operator_a).post(
        reverse("network:commitments"), form_data(line_1, organisation=str(body_b.uuid))
    )
    assert response.status_code == 422  # B is not among the operator's choices
    assert CommitmentRecord.objects.count() == 2


def test_operator_a_gets_404_on_the_record_of_b(client, operator_a, records):
    _, b = records
    response = login(client, operator_a).get(reverse("network:commitment", args=[b.uuid]))
    assert response.status_code == 404
    assert "Attività riservata" not in response.content.decode()
    response = client.post(reverse("network:commitment", args=[b.uuid]), {"hours": "1"})
    assert response.status_code == 404


def test_the_operator_edits_their_month(client, operator_a, records):
    a, _ = records
    response = login(client, operator_a).post(
        reverse("network:commitment", args=[a.uuid]),
        {"hours": "14", "people": "2", "expenses": "10", "training_hours": "1",
         "side": "third_sector", "results": "Orientate 45 famiglie"},
    )  # fmt: skip
    assert response.status_code == 302
    a.refresh_from_db()
    assert str(a.hours) == "14.0" and a.results == "Orientate 45 famiglie"


def test_the_plan_office_filters_by_organisation_line_and_month(
    client, planner, body_b, line_1, records
):
    response = login(client, planner).get(
        reverse("network:commitments"),
        {"ente": str(body_b.uuid), "linea": str(line_1.uuid), "mese": "2026-03"},
    )
    text = response.content.decode()
    assert "1 registrazioni" in text
    assert "Cooperativa Beta (prova)" in text


def test_the_internal_transparency_page_links_the_public_one(client, operator_a, line_1, records):
    response = login(client, operator_a).get(reverse("network:transparency", args=[line_1.uuid]))
    assert response.status_code == 200
    public = reverse("network_public:line", args=[line_1.plan.zone.code, line_1.uuid])
    assert public in response.content.decode()


def test_the_internal_transparency_page_of_another_zone_line_is_404(
    client, operator_a, line_other_zone
):
    response = login(client, operator_a).get(
        reverse("network:transparency", args=[line_other_zone.uuid])
    )
    assert response.status_code == 404
