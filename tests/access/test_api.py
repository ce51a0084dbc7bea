"""The contacts API: same scoping and audit as the pages."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ambito.access.models import Contact
from ambito.core.models import AccessLog, EventLog
from ambito.core.services import api_token_create
from tests.access.conftest import make_contact, make_web_request

pytestmark = pytest.mark.django_db

API = "/api/v1"


def token_client(user) -> Client:
    _, key = api_token_create(user=user, name="integrazione di prova")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, path, data):
    return client.post(API + path, data, content_type="application/json")


def test_the_daily_list_is_scoped_and_logged_on_the_api_channel(
    social_worker_b, access_point_a, person_a
):
    anonymous = make_contact(access_point=access_point_a)
    make_contact(access_point=access_point_a, person=person_a)
    web = make_web_request(access_point=access_point_a)
    client = token_client(social_worker_b)
    response = client.get(f"{API}/contacts", {"access_point": str(access_point_a.uuid)})
    assert response.status_code == 200
    assert {item["uuid"] for item in response.json()["items"]} == {
        str(anonymous.uuid),
        str(web.uuid),
    }
    assert AccessLog.objects.filter(object_type="access.contact", channel="api").exists()


def test_another_zone_gets_a_404_for_the_access_point(social_worker_other_zone, access_point_a):
    client = token_client(social_worker_other_zone)
    response = client.get(f"{API}/contacts", {"access_point": str(access_point_a.uuid)})
    assert response.status_code == 404
    assert response.json() == {"detail": "Non trovato."}


def test_a_user_without_permission_gets_403(planner, access_point_a):
    client = token_client(planner)
    response = client.get(f"{API}/contacts/callbacks")
    assert response.status_code == 403
    assert response.json() == {"detail": "Non hai il permesso per questa operazione."}


def test_a_contact_is_recorded_through_the_api(
    front_office, access_point_a, person_a, published_service
):
    client = token_client(front_office)
    response = post(
        client,
        "/contacts",
        {
            "access_point": str(access_point_a.uuid),
            "channel": "phone",
            "person": str(person_a.uuid),
            "need_areas": ["elderly"],
            "referral_service": str(published_service.uuid),
            "outcome": "referral",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"] == str(person_a.uuid)
    assert body["referral_kind"] == "service"
    assert body["need_areas"] == ["elderly"]
    assert EventLog.objects.filter(object_uuid=body["uuid"], channel="api").exists()


def test_an_end_before_the_start_is_a_422_in_italian(front_office, access_point_a):
    client = token_client(front_office)
    start = timezone.now() - timedelta(hours=1)
    response = post(
        client,
        "/contacts",
        {
            "access_point": str(access_point_a.uuid),
            "started_at": start.isoformat(),
            "ended_at": (start - timedelta(minutes=5)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"]["ended_at"] == ["La fine non può precedere l'inizio."]
    assert not Contact.objects.exists()


def test_a_referral_to_an_unpublished_service_is_a_422(front_office, access_point_a, draft_service):
    client = token_client(front_office)
    response = post(
        client,
        "/contacts",
        {"access_point": str(access_point_a.uuid), "referral_service": str(draft_service.uuid)},
    )
    assert response.status_code == 422
    assert response.json()["errors"]["referral_service"] == [
        "Si può orientare solo verso servizi pubblicati."
    ]


def test_a_person_not_visible_is_a_422_that_reveals_nothing(
    social_worker_b, access_point_a, person_a
):
    client = token_client(social_worker_b)
    response = post(
        client,
        "/contacts",
        {"access_point": str(access_point_a.uuid), "person": str(person_a.uuid)},
    )
    assert response.status_code == 422
    assert "person" in response.json()["errors"]


def test_the_callback_queue_through_the_api(front_office, access_point_a):
    web = make_web_request(access_point=access_point_a)
    client = token_client(front_office)
    response = client.get(f"{API}/contacts/callbacks")
    assert [item["uuid"] for item in response.json()["items"]] == [str(web.uuid)]
    assert response.json()["items"][0]["requester_name"] == "Anna Verdi"
