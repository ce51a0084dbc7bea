"""Personal data is never stored by browsers or proxies; powerful browser features are off."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_of_a_logged_in_user_are_not_stored(client, social_worker_a):
    client.force_login(social_worker_a)
    for url in (reverse("core:home"), reverse("registry:search"), reverse("core:audit")):
        assert _no_store(client.get(url)), url


def test_a_redirect_to_a_logged_in_user_is_not_stored_either(client, social_worker_a):
    client.force_login(social_worker_a)
    response = client.get(reverse("core:login"))  # already logged in: a redirect home
    assert response.status_code == 302
    assert _no_store(response)
    assert _no_store(client.post(reverse("core:logout")))


def test_api_responses_are_not_stored(client, social_worker_a):
    assert _no_store(client.get("/api/v1/zones"))  # 401, no login
    client.force_login(social_worker_a)
    assert _no_store(client.get("/api/v1/zones"))


def test_public_pages_may_be_cached(client, zone_a):
    response = client.get(reverse("catalog_public:home", args=[zone_a.code]))
    assert response.status_code == 200
    assert not _no_store(response)


def test_static_files_are_not_marked_no_store(client, social_worker_a):
    client.force_login(social_worker_a)
    response = client.get("/static/ambito/ambito.css")
    assert response.status_code == 200
    assert not _no_store(response)


def test_every_response_has_a_permissions_policy(client, social_worker_a, zone_a):
    anonymous = client.get(reverse("core:login"))
    client.force_login(social_worker_a)
    for response in (anonymous, client.get(reverse("core:home")), client.get("/nessuna/")):
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
            assert feature in policy
