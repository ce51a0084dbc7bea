"""The API, scoped as the pages."""

import pytest

from ambito.assistants.models import Match, Worker
from tests.conftest import login

pytestmark = pytest.mark.django_db

API = "/api/v1/assistenti-familiari"


def test_the_plan_office_enrols_and_changes_state_through_the_api(client, planner, municipality_a):
    login(client, planner)
    response = client.post(
        f"{API}/lavoratori",
        {
            "first_name": "Lina",
            "last_name": "Haddad",
            "kind": "care",
            "languages": ["ar"],
            "municipalities": [str(municipality_a.uuid)],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "application" and body["languages"] == ["ar"]
    response = client.post(
        f"{API}/lavoratori/{body['uuid']}/stato",
        {"state": "enrolled"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "non si passa" in response.json()["errors"]["state"][0]
    assert Worker.objects.get().state == "application"
    assert client.get(f"{API}/lavoratori?state=application").json()["count"] == 1


def test_a_search_user_sees_no_register_state_and_records_a_match(
    client, front_office, listed, access_point_a
):
    login(client, front_office)
    assert client.get(f"{API}/lavoratori").status_code == 403
    found = client.get(f"{API}/ricerca?language=ro").json()
    assert found["count"] == 1 and found["items"][0]["state"] is None
    response = client.post(
        f"{API}/abbinamenti",
        {
            "worker": str(listed.uuid),
            "access_point": str(access_point_a.uuid),
            "family_reference": "Famiglia 7",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    uuid = response.json()["uuid"]
    response = client.post(
        f"{API}/abbinamenti/{uuid}/esito",
        {"outcome": "not_started"},
        content_type="application/json",
    )
    assert response.json()["outcome"] == "not_started"
    assert client.get(f"{API}/abbinamenti").json()["count"] == 1
    assert client.get(f"{API}/dati").status_code == 403


def test_a_bad_match_is_refused_in_italian_and_nothing_written(client, front_office, listed):
    login(client, front_office)
    response = client.post(
        f"{API}/abbinamenti",
        {"worker": str(listed.uuid), "access_point": "00000000-0000-0000-0000-000000000000"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Punto di accesso" in response.json()["errors"]["access_point"][0]
    assert not Match.objects.exists()


def test_the_figures_for_the_coordinator(client, coordinator, listed):
    login(client, coordinator)
    body = client.get(f"{API}/dati").json()
    assert body["enrolled"] == 1 and body["listable"] == 1
    assert {"label": "Rumeno", "count": 1} in body["languages"]
