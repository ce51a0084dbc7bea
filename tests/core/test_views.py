import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ambito.core.models import AccessLog
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_italian_and_logs_in(client, social_worker_a):
    page = client.get(reverse("core:login"))
    assert 'lang="it"' in page.content.decode()
    response = client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_wrong_password_shows_an_italian_message(client, social_worker_a):
    response = client.post(reverse("core:login"), {"username": "as_a", "password": "sbagliata"})
    assert "non corretti" in response.content.decode()


def test_repeated_failed_logins_lock_the_account(client, social_worker_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "as_a", "password": "sbagliata"})
    response = client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "bloccato" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(client, social_worker_a):
    client.force_login(social_worker_a)
    assert client.get(reverse("core:logout")).status_code == 405
    client.post(reverse("core:logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_home_links_only_to_pages_the_role_may_open(client, social_worker_a, planner):
    client.force_login(social_worker_a)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("registry:search") in body
    assert reverse("core:audit") not in body
    client.force_login(planner)
    body = client.get(reverse("core:home")).content.decode()
    assert reverse("registry:search") not in body
    assert reverse("territory:zone") in body


def test_every_link_on_the_home_page_opens(
    client, zone_admin, front_office, social_worker_a, planner
):
    for user in (zone_admin, front_office, social_worker_a, planner):
        client.force_login(user)
        body = client.get(reverse("core:home")).content.decode()
        import re

        for href in set(re.findall(r'href="(/[^"]*)"', body)):
            if href.startswith(("/static/", "/api/")):
                continue
            assert client.get(href).status_code == 200, (user.username, href)


def test_zone_admin_sees_who_accessed_a_person(client, zone_admin, social_worker_a, person_a):
    client.force_login(social_worker_a)
    client.get(reverse("registry:person_detail", args=[person_a.uuid]))
    client.force_login(zone_admin)
    response = client.get(reverse("core:person_access", args=[person_a.uuid]))
    assert response.status_code == 200
    assert "as_a" in response.content.decode()
    audit = client.get(reverse("core:audit")).content.decode()
    assert "as_a" in audit


def test_audit_pages_are_closed_to_social_workers(client, social_worker_a, person_a):
    client.force_login(social_worker_a)
    assert client.get(reverse("core:audit")).status_code == 403
    assert client.get(reverse("core:person_access", args=[person_a.uuid])).status_code == 403


def test_zone_admin_cannot_see_access_history_of_another_zones_person(
    client, zone_admin, person_other_zone
):
    client.force_login(zone_admin)
    response = client.get(reverse("core:person_access", args=[person_other_zone.uuid]))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(person=person_other_zone).exists()


def test_pages_send_a_content_security_policy_and_no_framing(client, social_worker_a):
    client.force_login(social_worker_a)
    response = client.get(reverse("core:home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_not_found_page_is_italian_and_generic(client, social_worker_a):
    client.force_login(social_worker_a)
    response = client.get("/anagrafe/persone/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()


def test_password_change(client, social_worker_a):
    client.force_login(social_worker_a)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Una-nuova-password-9",
            "new_password2": "Una-nuova-password-9",
        },
    )
    assert response.status_code == 302
    social_worker_a.refresh_from_db()
    assert social_worker_a.check_password("Una-nuova-password-9")


@override_settings(AMBITO_2FA_REQUIRED_ROLES=["social_worker"])
def test_two_factor_is_enforced_for_the_roles_that_require_it(client, social_worker_a):
    client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    response = client.get(reverse("registry:search"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:two_factor"))
    # First time: set up the device, confirm with a valid code, then pages open.
    client.get(reverse("core:two_factor_setup"))
    device = TOTPDevice.objects.get(user=social_worker_a)
    code = str(totp(device.bin_key)).zfill(6)
    response = client.post(reverse("core:two_factor_setup"), {"token": code})
    assert response.status_code == 302
    assert client.get(reverse("registry:search")).status_code == 200


@override_settings(AMBITO_2FA_REQUIRED_ROLES=["social_worker"])
def test_a_wrong_two_factor_code_is_refused(client, social_worker_a):
    client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    client.get(reverse("core:two_factor_setup"))
    response = client.post(reverse("core:two_factor_setup"), {"token": "000000"})
    assert "non è corretto" in response.content.decode()
    assert client.get(reverse("registry:search")).status_code == 302


def test_a_personal_api_token_is_shown_once(client, social_worker_a):
    client.force_login(social_worker_a)
    response = client.post(reverse("core:api_tokens"), {"name": "protocollo", "days": 30})
    body = response.content.decode()
    assert "amb_" in body
    token = social_worker_a.api_tokens.get()
    assert token.prefix in body
    again = client.get(reverse("core:api_tokens")).content.decode()
    assert 'data-testid="new-token"' not in again


@override_settings(AMBITO_2FA_REQUIRED_ROLES=["social_worker"])
def test_a_session_without_the_required_second_factor_cannot_use_the_api(client, social_worker_a):
    client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    assert client.get("/api/v1/zones").status_code == 401
