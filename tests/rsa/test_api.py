"""The RSA API: applications (list with filters, detail with the evaluation and the position
and reason in each structure's ranking), a social worker's application from a case they see,
offers and their reply (the managing body answers), admissions (a full structure refused in
Italian, nothing written); scoped as the pages."""

import datetime as dt

import pytest

from ambito.rsa.models import Admission, Application, Offer
from ambito.rsa.services import applications as rsa
from tests.conftest import login

D = dt.date
pytestmark = pytest.mark.django_db
API = "/api/v1/rsa"


@pytest.fixture
def listed(apply):
    return apply(80), apply(60, structures=None)


def _payload(case, *structures, **extra):
    return {
        "case": str(case.uuid),
        "structures": [str(s.uuid) for s in structures],
        "submitted_on": "2025-03-01",
        "evaluated_on": "2025-02-20",
        "health_score": "70",
        "lives_alone": True,
        **extra,
    }


def test_the_plan_office_lists_applications_filtered_by_status_and_structure(
    client, planner, listed, rsa_one
):
    first, second = listed
    rsa.offer_make(actor=planner, application=first, structure=rsa_one, offered_on=D(2025, 4, 1))
    login(client, planner)
    everything = client.get(f"{API}/domande").json()
    assert everything["count"] == 2
    offered = client.get(f"{API}/domande", {"status": "offered"}).json()["items"]
    assert [a["uuid"] for a in offered] == [str(first.uuid)]
    at_one = client.get(f"{API}/domande", {"structure": str(rsa_one.uuid)}).json()
    assert at_one["count"] == 2
    wrong = client.get(f"{API}/domande", {"status": "boh"})
    assert wrong.status_code == 422
    assert "Stato non valido" in wrong.json()["errors"]["status"][0]


def test_the_detail_tells_the_evaluation_and_why_each_position(client, planner, listed, rsa_one):
    first, second = listed
    body = login(client, planner).get(f"{API}/domande/{second.uuid}").json()
    assert body["evaluation"]["health_score"] == "60.00"
    assert body["evaluation"]["priority_class"] == "ordinaria"
    one = next(p for p in body["preferences"] if p["structure"]["uuid"] == str(rsa_one.uuid))
    assert one["position"] == 2
    assert one["reason"].startswith("2ª: classe ordinaria")
    assert "punteggio inferiore alla 1ª" in one["reason"]


def test_a_social_worker_applies_from_a_case_they_see(
    client, social_worker_a, case_a, sheet, rsa_one, rsa_two
):
    login(client, social_worker_a)
    response = client.post(
        f"{API}/domande", _payload(case_a, rsa_two, rsa_one), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case"] == str(case_a.uuid)
    assert [p["structure"]["name"] for p in body["preferences"]] == ["RSA Due", "RSA Uno"]
    assert body["preferences"][0]["position"] == 1
    # 70 × 0.5 + 10 (lives alone) + 8 (no caregiver)
    assert body["evaluation"]["score"] == "53.00"
    assert client.get(f"{API}/domande").json()["count"] == 1


def test_an_application_from_a_case_out_of_sight_is_a_404_and_bad_input_writes_nothing(
    client, social_worker_b, social_worker_a, case_a, sheet, rsa_one
):
    login(client, social_worker_b)
    hidden = client.post(
        f"{API}/domande", _payload(case_a, rsa_one), content_type="application/json"
    )
    assert hidden.status_code == 404
    login(client, social_worker_a)
    bad = client.post(
        f"{API}/domande",
        _payload(case_a, rsa_one, evaluated_on="2099-01-01"),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "futuro" in bad.json()["errors"]["evaluated_on"][0]
    assert not Application.objects.exists()


def test_an_offer_answered_by_the_managing_body_then_the_admission(
    client, planner, body_user, other_body_user, listed, rsa_one, fee_rule
):
    first, _ = listed
    login(client, planner)
    made = client.post(
        f"{API}/domande/{first.uuid}/offerte",
        {"structure": str(rsa_one.uuid), "offered_on": "2025-04-01"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    offer = made.json()["uuid"]
    login(client, other_body_user)
    assert client.get(f"{API}/offerte/{offer}").status_code == 404
    login(client, body_user)
    reply = client.post(
        f"{API}/offerte/{offer}/risposta",
        {"reply": "accepted", "replied_on": "2025-04-03"},
        content_type="application/json",
    )
    assert reply.status_code == 200, reply.content
    assert reply.json()["reply"] == "accepted"
    admitted = client.post(
        f"{API}/offerte/{offer}/ingresso",
        {"admitted_on": "2025-04-10", "monthly_fee": "1800"},
        content_type="application/json",
    )
    assert admitted.status_code == 201, admitted.content
    assert admitted.json()["monthly_fee"] == "1800.00"
    assert Application.objects.get(pk=first.pk).status == "admitted"


def test_an_admission_to_a_full_structure_is_refused_in_italian(
    client, planner, apply, rsa_one, fee_rule
):
    guests = [apply(90), apply(85)]
    for guest in guests:
        rsa.admission_record(
            actor=planner,
            application=guest,
            structure=rsa_one,
            admitted_on=D(2025, 4, 1),
            monthly_fee=1500,
        )
    third = apply(50)
    response = login(client, planner).post(
        f"{API}/domande/{third.uuid}/ingresso",
        {"structure": str(rsa_one.uuid), "admitted_on": "2025-04-02", "monthly_fee": "1500"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "al completo" in response.json()["errors"]["structure"][0]
    assert Admission.objects.count() == 2
    assert Application.objects.get(pk=third.pk).status == "active"
    assert not Offer.objects.exists()


def test_a_managing_body_may_not_offer_nor_read_applications(client, body_user, listed, rsa_one):
    first, _ = listed
    login(client, body_user)
    assert client.get(f"{API}/domande/{first.uuid}").status_code == 403
    response = client.post(
        f"{API}/domande/{first.uuid}/offerte",
        {"structure": str(rsa_one.uuid), "offered_on": "2025-04-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Offer.objects.exists()
