"""API authentication: personal tokens (hashed, expiring, revocable), session with CSRF,
the audit channel, and the OpenAPI documentation."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from ambito.core.audit import audit_channel
from ambito.core.models import AccessLog, ApiToken
from ambito.core.services import api_token_create
from ambito.registry.selectors import person_get

pytestmark = pytest.mark.django_db

API = "/api/v1"


def bearer(key: str, **kwargs) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"}, **kwargs)


def search(client, q="rossi"):
    return client.post(f"{API}/persons/search", {"q": q}, content_type="application/json")


def test_only_the_hash_of_a_token_is_stored(front_office):
    token, key = api_token_create(user=front_office, name="protocollo")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in [str(value) for value in stored.values()]
    assert stored["key_hash"] == hashlib.sha256(key.encode()).hexdigest()
    assert stored["prefix"] == key[:8]


def test_using_a_token_records_when_it_was_last_used_at_most_once_a_minute(front_office, person_a):
    token, key = api_token_create(user=front_office, name="protocollo")
    assert token.last_used_at is None
    url = f"{API}/persons/{person_a.uuid}"
    with freeze_time("2026-03-02 09:00:00") as frozen:
        assert bearer(key).get(url).status_code == 200
        token.refresh_from_db()
        first_use = token.last_used_at
        assert first_use == timezone.now()

        frozen.tick(timedelta(seconds=30))
        bearer(key).get(url)
        token.refresh_from_db()
        assert token.last_used_at == first_use

        frozen.tick(timedelta(minutes=2))
        bearer(key).get(url)
        token.refresh_from_db()
        assert token.last_used_at == timezone.now()


def test_a_token_of_a_deactivated_user_gets_401(front_office, person_a):
    _, key = api_token_create(user=front_office, name="protocollo")
    front_office.is_active = False
    front_office.save()
    assert bearer(key).get(f"{API}/persons/{person_a.uuid}").status_code == 401


def test_a_refused_token_gets_401_not_a_csrf_error(front_office, person_a):
    token, key = api_token_create(user=front_office, name="protocollo")
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    response = search(bearer(key, enforce_csrf_checks=True))
    assert response.status_code == 401
    assert response.json() == {"detail": "Autenticazione richiesta."}


def test_a_token_needs_no_csrf_token(front_office, person_a):
    _, key = api_token_create(user=front_office, name="protocollo")
    assert search(bearer(key, enforce_csrf_checks=True)).status_code == 200


def test_a_session_needs_the_csrf_token_to_write(front_office, person_a):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("core:login"))  # sets the CSRF cookie, as a browser would get it
    client.force_login(front_office)
    assert search(client).status_code == 403
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        f"{API}/persons/search",
        {"q": "rossi"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 200
    assert AccessLog.objects.get().channel == "api"


def test_the_audit_channel_goes_back_to_web_after_an_api_request(front_office, person_a):
    _, key = api_token_create(user=front_office, name="protocollo")
    assert bearer(key).get(f"{API}/persons/{person_a.uuid}").status_code == 200
    assert audit_channel.get() == "web"
    person_get(user=front_office, uuid=person_a.uuid)
    assert list(AccessLog.objects.order_by("id").values_list("channel", flat=True)) == [
        "api",
        "web",
    ]


def test_openapi_docs_respond_for_a_logged_in_user(front_office):
    client = Client()
    client.force_login(front_office)
    assert client.get(f"{API}/docs").status_code == 200
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert f"{API}/persons/search" in spec["paths"]
    assert spec["paths"][f"{API}/persons/search"]["post"]["tags"] == ["Anagrafe"]


def test_the_api_identifies_registry_records_by_uuid_only(front_office):
    client = Client()
    client.force_login(front_office)
    spec = client.get(f"{API}/openapi.json").json()
    registry = {
        name: schema
        for name, schema in spec["components"]["schemas"].items()
        if name.startswith(("Person", "Household", "Isee", "Municipality"))
    }
    assert registry
    for name, schema in registry.items():
        assert "id" not in schema.get("properties", {}), name


def test_malformed_api_input_is_answered_in_italian_without_echoing_it(client, front_office):
    client.force_login(front_office)
    response = client.post(
        "/api/v1/persons",
        data={"fiscal_code": 12, "residence_municipality": "non-un-uuid", "confirmed": "forse"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    messages = {error["msg"] for error in body["errors"]}
    assert "Campo obbligatorio." in messages
    assert "Identificativo non valido." in messages
    assert "non-un-uuid" not in response.content.decode()


def test_api_docs_are_served_from_our_own_static_files_under_the_csp(client, front_office):
    client.force_login(front_office)
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]
