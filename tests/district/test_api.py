"""The API, scoped as the pages: lines, referral, admission, hours, the list in order, the
figures; errors in Italian in the one envelope."""

import pytest

from ambito.district.models import DistrictHours
from tests.conftest import login

pytestmark = pytest.mark.django_db

BASE = "/api/v1/servizi-distrettuali"


def test_refer_admit_record_and_read_through_the_api(social_worker_a, planner, adm, case_a, client):
    login(client, social_worker_a)
    created = client.post(
        f"{BASE}/prese-in-carico",
        {"case": str(case_a.uuid), "line": str(adm.uuid), "reason": "Supporto",
         "hours_per_week": "6", "priority": 1},
        content_type="application/json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["state"], body["position"], body["cost"]) == ("waiting", 1, None)

    login(client, planner)
    uuid = body["uuid"]
    admitted = client.post(
        f"{BASE}/prese-in-carico/{uuid}/ammissione", {}, content_type="application/json"
    )
    assert admitted.json()["state"] == "active"
    bad = client.post(
        f"{BASE}/prese-in-carico/{uuid}/ore",
        {"on": "2026-11-19", "hours": "-1", "operator": "Neri"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert not DistrictHours.objects.exists()
    hours = client.post(
        f"{BASE}/prese-in-carico/{uuid}/ore",
        {"on": "2026-11-20", "hours": "2", "operator": "Neri"},
        content_type="application/json",
    )
    assert hours.status_code == 201 and hours.json()["cost"] == "50.00"

    lines = client.get(f"{BASE}/linee").json()["items"]
    assert [(x["name"], x["in_charge"], x["cost"]) for x in lines] == [
        ("Assistenza domiciliare minori", 1, "50.00")
    ]
    figures = client.get(f"{BASE}/dati", {"year": 2026}).json()
    assert figures["cost"] == "50.00" and figures["lines"][0]["months"] == {"11": 2.0}


def test_a_social_worker_lists_only_their_cases_intakes(
    social_worker_a, social_worker_b, adm, case_a, case_b, client
):
    for worker, case in ((social_worker_a, case_a), (social_worker_b, case_b)):
        login(client, worker)
        client.post(
            f"{BASE}/prese-in-carico",
            {"case": str(case.uuid), "line": str(adm.uuid), "reason": "S", "hours_per_week": "2"},
            content_type="application/json",
        )
    login(client, social_worker_b)
    rows = client.get(f"{BASE}/prese-in-carico").json()["items"]
    assert [(r["person"], r["position"]) for r in rows] == [("Giulia Bianchi", 2)]
    assert client.get(f"{BASE}/dati", {"year": 2026}).status_code == 403


def test_a_social_worker_cannot_refer_a_case_they_do_not_see(social_worker_b, adm, case_a, client):
    login(client, social_worker_b)
    response = client.post(
        f"{BASE}/prese-in-carico",
        {"case": str(case_a.uuid), "line": str(adm.uuid), "reason": "S", "hours_per_week": "2"},
        content_type="application/json",
    )
    assert response.status_code == 404
