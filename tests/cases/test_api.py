"""The cases API: scoped, logged, the workflow's refusals as 422 in Italian."""

import pytest
from django.test import Client
from django.utils import timezone

from ambito.cases.models import Case
from ambito.core.models import AccessLog
from ambito.core.services import api_token_create

pytestmark = pytest.mark.django_db
API = "/api/v1"


def token_client(user) -> Client:
    _, key = api_token_create(user=user, name="prova")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, path, data):
    return client.post(API + path, data, content_type="application/json")


def test_open_assign_and_walk_a_case(social_worker_a, coordinator, person_a, household_a):
    worker, coord = token_client(social_worker_a), token_client(coordinator)
    response = post(worker, "/cases", {"person": str(person_a.uuid), "line": "social"})
    assert response.status_code == 201, response.json()
    uuid = response.json()["uuid"]
    response = post(coord, f"/cases/{uuid}/assign", {"manager": str(social_worker_a.uuid)})
    assert response.json()["status"] == "assigned"
    assert (
        post(worker, f"/cases/{uuid}/transitions", {"name": "start_pre_assessment"}).status_code
        == 200
    )
    response = worker.put(
        f"{API}/cases/{uuid}/pre-assessment",
        {
            "held_on": timezone.localdate().isoformat(),
            "cpi_consultant": "CPI Pistoia",
            "household_situation": "Tre persone.",
            "needs": "Lavoro.",
            "outcome": "work_only",
        },
        content_type="application/json",
    )
    assert response.status_code == 200 and "to_service_pact" in response.json()["allowed"]
    response = post(worker, f"/cases/{uuid}/transitions", {"name": "to_eemm"})
    assert response.status_code == 422
    assert "Solo lavoro" in response.json()["errors"]["name"][0]
    assert post(worker, f"/cases/{uuid}/close", {"reason": "autonomy"}).json()["status"] == "closed"
    detail = worker.get(f"{API}/cases/{uuid}").json()
    assert [t["name"] for t in detail["transitions"]][-1] == "close"
    assert AccessLog.objects.filter(user=social_worker_a, channel="api", person=person_a).exists()


def test_the_list_is_scoped(social_worker_b, social_worker_a, person_a, household_a):
    from ambito.cases import services

    services.case_open(actor=social_worker_a, person=person_a)
    assert token_client(social_worker_b).get(f"{API}/cases").json()["items"] == []
    assert token_client(social_worker_a).get(f"{API}/cases").json()["count"] == 1


def test_another_scopes_case_is_a_404_and_writes_a_403_or_404(
    social_worker_a, social_worker_b, person_a, household_a, planner
):
    from ambito.cases import services

    case = services.case_open(actor=social_worker_a, person=person_a)
    other = token_client(social_worker_b)
    assert other.get(f"{API}/cases/{case.uuid}").status_code == 404
    assert post(other, f"/cases/{case.uuid}/transitions", {"name": "start"}).status_code == 404
    assert token_client(planner).get(f"{API}/cases").status_code == 403
    assert Case.objects.get().status == "entry"


def test_card_b_project_interventions_reviews_and_lep_through_the_api(
    social_worker_a, coordinator, person_a, household_a
):
    from ambito.cases import services

    case = services.case_open(actor=social_worker_a, person=person_a)
    services.case_assign(actor=coordinator, case=case, manager=social_worker_a)
    services.case_transition(actor=social_worker_a, case=case, name="start_pre_assessment")
    services.pre_assessment_record(
        actor=social_worker_a,
        case=case,
        data={"held_on": timezone.localdate(), "cpi_consultant": "CPI",
              "household_situation": "x", "needs": "y", "outcome": "social_only"},
    )  # fmt: skip
    services.case_transition(actor=social_worker_a, case=case, name="to_social_project")
    client = token_client(social_worker_a)
    base = f"{API}/cases/{case.uuid}"
    response = client.put(
        f"{base}/in-depth",
        {"done_on": timezone.localdate().isoformat(), "objectives": "Casa", "actions": "Affitto",
         "needs": {"housing": "Sfratto"}},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["dimensions"] == 1
    assert client.get(f"{base}/lep").json()["items"] == [
        "Analisi approfondita senza alcun intervento attivato"
    ]
    response = post(client, f"/cases/{case.uuid}/projects", {"objectives": []})
    assert response.status_code == 422
    assert "senza obiettivi" in response.json()["errors"]["objectives"][0]
    response = post(
        client,
        f"/cases/{case.uuid}/projects",
        {"objectives": [{"text": "Trovare casa", "indicator": "contratto"}],
         "commitments": [{"who": "La madre", "text": "Cercare casa"}]},
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["version"] == 1
    objective_id = response.json()["objectives"][0]["id"]
    response = post(
        client,
        f"/cases/{case.uuid}/interventions",
        {"intervention_type": "B.2.b", "start_on": timezone.localdate().isoformat(),
         "status": "active", "cost": "500.00"},
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["intervention_type"] == "B.2.b"
    assert client.get(f"{base}/lep").json()["items"] == []
    response = post(
        client,
        f"/cases/{case.uuid}/reviews",
        {"kind": "during", "held_on": timezone.localdate().isoformat(),
         "outcomes": {str(objective_id): "partly"}},
    )  # fmt: skip
    assert response.status_code == 201 and response.json()["outcomes"] == 1
    assert client.get(f"{base}/interventions").json()["count"] == 1
    assert client.get(f"{base}/projects").json()["items"][0]["pdf"].endswith("/progetto/1/pdf/")
