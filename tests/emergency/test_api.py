import datetime as dt

from django.utils import timezone

from ambito.emergency import services
from ambito.emergency.models import Emergency, Placement
from tests.conftest import login

API = "/api/v1/emergency"


def test_availability_lists_capacity_occupied_and_free(client, operator, emergency, shelter):
    services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="adult"
    )
    rows = login(client, operator).get(f"{API}/availability").json()["items"]
    (row,) = rows
    assert row["name"] == shelter.name and row["free"] == 4
    adult = next(p for p in row["places"] if p["place_type"] == "adult")
    assert adult == {"place_type": "adult", "capacity": 2, "occupied": 1, "free": 1}
    only_minors = client.get(f"{API}/availability", {"place_type": "minor"}).json()["items"]
    assert only_minors[0]["free"] == 1


def test_availability_needs_the_permission(client, planner):
    assert login(client, planner).get(f"{API}/availability").status_code == 403


def test_a_report_and_a_placement_through_the_api(client, operator, municipality_a, shelter):
    login(client, operator)
    created = client.post(
        f"{API}/emergencies",
        {
            "reported_at": (timezone.now() - dt.timedelta(minutes=20)).isoformat(),
            "reporter_kind": "hospital",
            "municipality": municipality_a.istat_code,
            "location": "Ospedale San Jacopo",
            "situation": "Dimissione senza rete familiare",
            "criteria": ["ALT.DIM"],
            "persons": [{"description": "uomo di circa 80 anni", "age": 80}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["handover_due_on"] >= timezone.localdate().isoformat()
    placed = client.post(
        f"{API}/placements",
        {"emergency": body["uuid"], "shelter": str(shelter.uuid), "place_type": "adult"},
        content_type="application/json",
    )
    assert placed.status_code == 201
    assert client.get(f"{API}/placements").json()["items"][0]["shelter"] == shelter.name
    ended = client.post(f"{API}/placements/{placed.json()['uuid']}/end")
    assert ended.status_code == 200 and ended.json()["left_at"]


def test_a_placement_into_a_full_shelter_is_a_422_in_italian(client, operator, emergency, shelter):
    response = login(client, operator).post(
        f"{API}/placements",
        {
            "emergency": str(emergency.uuid),
            "shelter": str(shelter.uuid),
            "place_type": "minor",
            "places": 2,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Posti non disponibili" in response.json()["errors"]["places"][0]
    assert not Placement.objects.exists()


def test_a_future_report_is_a_422_and_nothing_is_written(client, operator, municipality_a):
    response = login(client, operator).post(
        f"{API}/emergencies",
        {
            "reported_at": (timezone.now() + dt.timedelta(hours=1)).isoformat(),
            "reporter_kind": "citizen",
            "municipality": municipality_a.istat_code,
            "location": "Via Roma",
            "situation": "Prova",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "futuro" in response.json()["errors"]["reported_at"][0]
    assert not Emergency.objects.exists()


def test_the_report_endpoint_gives_the_figures(client, planner, emergency, operator):
    services.emergency_respond(emergency=emergency, actor=operator, measures=["phone_support"])
    body = login(client, planner).get(f"{API}/report").json()
    assert body["total"] == 1
    assert body["response"]["count"] == 1 and 59 <= body["response"]["median_minutes"] <= 61
    assert sum(body["by_hour"]) == 1


def test_the_report_endpoint_refuses_a_reversed_period(client, planner):
    response = login(client, planner).get(
        f"{API}/report", {"start": "2025-03-10", "end": "2025-03-01"}
    )
    assert response.status_code == 422
