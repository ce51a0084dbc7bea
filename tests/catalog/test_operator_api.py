"""The charter API for operators: configuration, services in every state, writes, orientation."""

from datetime import date

import pytest
from django.test import Client

from ambito.catalog.models import Service
from ambito.core.models import AccessLog, EventLog
from ambito.core.services import api_token_create

pytestmark = pytest.mark.django_db

API = "/api/v1"


def token_client(user) -> Client:
    _, key = api_token_create(user=user, name="gestionale di prova")
    return Client(headers={"Authorization": f"Bearer {key}"})


def send(client, method, path, data=None):
    return getattr(client, method)(API + path, data or {}, content_type="application/json")


def test_need_areas_and_intervention_types_are_listed(front_office):
    client = token_client(front_office)
    areas = {a["code"] for a in client.get(f"{API}/charter/need-areas").json()["items"]}
    assert {"poverty", "violence", "mental_health"} <= areas
    types = {t["code"]: t for t in client.get(f"{API}/charter/intervention-types").json()["items"]}
    assert {"A.1.c.2", "A.1.c.3", "A.1.c.4", "A.1.c.5", "B.2.b"} <= set(types)
    assert set(types["B.2.b"]["need_areas"]) == {"work", "poverty"}


def test_operators_list_every_state_and_filter(planner, charter):
    client = token_client(planner)
    names = {s["name"] for s in client.get(f"{API}/charter/services").json()["items"]}
    assert "Servizio segreto in bozza" in names and "Vecchio servizio ritirato" in names
    assert "Assistenza domiciliare Crema" not in names
    drafts = client.get(f"{API}/charter/services", {"status": "draft"}).json()["items"]
    assert [s["name"] for s in drafts] == ["Servizio segreto in bozza"]
    work = client.get(f"{API}/charter/services", {"need_area": "work"}).json()["items"]
    assert [s["name"] for s in work] == ["Tirocini di inclusione sociale"]


def test_the_detail_has_the_eligibility_and_where_to_apply(planner, charter, access_point_a):
    body = token_client(planner).get(f"{API}/charter/services/{charter['home_care'].uuid}").json()
    assert body["min_age"] == 65 and body["isee_max"] == "12000.00"
    assert body["access_points"] == [
        {"uuid": str(access_point_a.uuid), "name": access_point_a.name}
    ]
    assert body["provider"]["name"] == "Cooperativa Il Ponte"
    assert set(body["need_areas"]) == {"elderly", "disability"}


def test_another_zones_service_is_a_404(planner, charter):
    response = token_client(planner).get(f"{API}/charter/services/{charter['other_zone'].uuid}")
    assert response.status_code == 404


def test_a_planner_creates_edits_publishes_and_withdraws_a_service(
    planner, access_point_a, provider_a
):
    client = token_client(planner)
    response = send(
        client,
        "post",
        "/charter/services",
        {
            "name": "Trasporto sociale",
            "short_description": "Accompagnamento a visite e terapie.",
            "need_areas": ["elderly"],
            "intervention_type": "A.1.c.5",
            "min_age": 65,
            "isee_max": "20000.00",
            "provider": str(provider_a.uuid),
            "access_points": [str(access_point_a.uuid)],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["slug"] == "trasporto-sociale"
    uuid = body["uuid"]
    response = send(client, "patch", f"/charter/services/{uuid}", {"cost": "2 € a tratta"})
    assert response.status_code == 200 and response.json()["cost"] == "2 € a tratta"
    assert response.json()["min_age"] == 65  # untouched
    assert send(client, "post", f"/charter/services/{uuid}/publish").json()["status"] == "published"
    assert (
        send(client, "post", f"/charter/services/{uuid}/withdraw").json()["status"] == "withdrawn"
    )
    assert EventLog.objects.filter(object_uuid=uuid).count() == 4


def test_bad_service_input_is_refused_in_italian_and_saves_nothing(planner):
    client = token_client(planner)
    response = send(
        client,
        "post",
        "/charter/services",
        {
            "name": "Centro",
            "short_description": "x",
            "min_age": 70,
            "max_age": 60,
            "need_areas": ["nessuna"],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"need_areas": ["Aree di bisogno sconosciute: nessuna."]}
    response = send(
        client,
        "post",
        "/charter/services",
        {"name": "Centro", "short_description": "x", "min_age": 70, "max_age": 60},
    )
    assert response.status_code == 422
    assert "non può essere inferiore" in response.json()["errors"]["max_age"][0]
    assert not Service.objects.exists()


def test_publishing_twice_is_refused(planner, charter):
    response = send(
        token_client(planner), "post", f"/charter/services/{charter['home_care'].uuid}/publish"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"__all__": ["Il servizio è già pubblicato."]}


def test_writes_need_the_charter_permissions(front_office, charter):
    client = token_client(front_office)  # reads the charter, does not edit it
    response = send(client, "post", "/charter/services", {"name": "X", "short_description": "x"})
    assert response.status_code == 403
    response = send(
        client, "patch", f"/charter/services/{charter['home_care'].uuid}", {"cost": "0"}
    )
    assert response.status_code == 403


def test_orientation_by_criteria_gives_reasons_and_exclusions(
    front_office, charter, municipality_a
):
    body = send(
        token_client(front_office),
        "post",
        "/charter/orientation",
        {
            "age": 70,
            "isee": "9000",
            "municipality": str(municipality_a.uuid),
            "need_areas": ["elderly"],
        },
    ).json()
    eligible = {item["name"]: item for item in body["eligible"]}
    assert "Assistenza domiciliare" in eligible and eligible["Assistenza domiciliare"]["reasons"]
    excluded = {item["name"]: item for item in body["excluded"]}
    assert (
        "non riguarda le aree di bisogno indicate"
        in excluded["Tirocini di inclusione sociale"]["failures"]
    )
    assert "Servizio segreto in bozza" not in eligible | excluded


def test_orientation_for_a_person_is_logged_and_names_no_one(front_office, charter, person_a):
    person_a.birth_date = date(1950, 1, 1)
    person_a.save()
    response = send(
        token_client(front_office), "post", "/charter/orientation", {"person": str(person_a.uuid)}
    )
    assert response.status_code == 200
    assert person_a.fiscal_code not in response.content.decode()
    assert person_a.last_name not in response.content.decode()
    assert "Assistenza domiciliare" in {i["name"] for i in response.json()["eligible"]}
    assert AccessLog.objects.filter(user=front_office, person=person_a, channel="api").exists()


def test_orientation_for_a_person_outside_the_scope_is_a_404(social_worker_b, charter, person_a):
    response = send(
        token_client(social_worker_b),
        "post",
        "/charter/orientation",
        {"person": str(person_a.uuid)},
    )
    assert response.status_code == 404


def test_a_null_optional_text_is_emptied_and_a_null_required_field_is_a_422(planner, charter):
    client = token_client(planner)
    uuid = charter["home_care"].uuid
    response = send(client, "patch", f"/charter/services/{uuid}", {"email": None})
    assert response.status_code == 200
    assert response.json()["email"] == ""
    response = send(client, "patch", f"/charter/services/{uuid}", {"name": None, "is_free": None})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "name": ["Questo campo non può essere vuoto."],
        "is_free": ["Indica true o false."],
    }
    charter["home_care"].refresh_from_db()
    assert charter["home_care"].name == "Assistenza domiciliare"


def test_the_isee_threshold_is_a_two_decimal_string(front_office, charter):
    body = token_client(front_office).get(f"{API}/charter/services/{charter['home_care'].uuid}")
    assert body.json()["isee_max"] == "12000.00"
