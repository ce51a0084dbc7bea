"""Login throttling: per username and address, per address across usernames, never a lock
of a known user for everyone; behind the TLS proxy the client's address is the one the proxy
saw, and only when a proxy is configured."""

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.20"
PROXY = "10.0.0.2"


def _login(client, username, password, **meta):
    return client.post(reverse("core:login"), {"username": username, "password": password}, **meta)


def test_many_usernames_from_one_address_are_stopped(client, social_worker_a):
    # 60 wrong passwords over 15 usernames: 4 each, under the per-username limit.
    statuses = [
        _login(client, f"utente{n}", "sbagliata", REMOTE_ADDR=ATTACKER).status_code
        for _ in range(4)
        for n in range(15)
    ]
    assert statuses.count(429) >= 60 - settings.AMBITO_LOGIN_IP_FAILURE_LIMIT
    assert _login(client, "as_a", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    # The address is stopped, not the users: from another address they log in.
    assert _login(client, "as_a", PASSWORD, REMOTE_ADDR=COLLEAGUE).status_code == 302


def test_the_per_address_limit_is_higher_than_the_per_username_one():
    assert settings.AMBITO_LOGIN_IP_FAILURE_LIMIT > settings.AXES_FAILURE_LIMIT


def test_nobody_can_lock_a_known_user_out_for_everyone(client, social_worker_a):
    for _ in range(settings.AXES_FAILURE_LIMIT * 2):
        _login(client, "as_a", "sbagliata", REMOTE_ADDR=ATTACKER)
    assert _login(client, "as_a", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429
    assert _login(client, "as_a", PASSWORD, REMOTE_ADDR=COLLEAGUE).status_code == 302


def test_a_successful_login_does_not_reset_the_address_count(client, social_worker_a):
    for n in range(settings.AMBITO_LOGIN_IP_FAILURE_LIMIT - 1):
        _login(client, f"utente{n}", "sbagliata", REMOTE_ADDR=ATTACKER)
    assert _login(client, "as_a", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302
    client.post(reverse("core:logout"))
    _login(client, "ancora", "sbagliata", REMOTE_ADDR=ATTACKER)
    assert _login(client, "as_a", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(client, social_worker_a):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(
            client, "as_a", "sbagliata", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        )
    response = _login(
        client, "as_a", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )
    assert response.status_code == 429


@override_settings(AMBITO_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_client_is_throttled_on_its_own(client, social_worker_a):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "as_a", "sbagliata", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    locked = _login(client, "as_a", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    # Everyone reaches us from the proxy's address: a colleague is not locked out with him.
    response = _login(client, "as_a", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=COLLEAGUE)
    assert response.status_code == 302


@override_settings(AMBITO_TRUSTED_PROXY_COUNT=1)
def test_a_client_cannot_dodge_the_limit_by_forging_the_header(client, social_worker_a):
    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    for n in range(settings.AXES_FAILURE_LIMIT):
        forged = f"192.0.2.{n}, {ATTACKER}"
        _login(client, "as_a", "sbagliata", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged)
    response = _login(
        client, "as_a", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.77, {ATTACKER}"
    )
    assert response.status_code == 429


def test_client_ip_reads_the_proxy_header_only_when_configured(rf):
    from ambito.core.ratelimit import client_ip

    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.9")
    assert client_ip(request) == PROXY
    with override_settings(AMBITO_TRUSTED_PROXY_COUNT=1):
        assert client_ip(request) == "198.51.100.9"
    with override_settings(AMBITO_TRUSTED_PROXY_COUNT=2):
        assert client_ip(request) == "192.0.2.1"
    with override_settings(AMBITO_TRUSTED_PROXY_COUNT=3):  # fewer hops than proxies
        assert client_ip(request) == PROXY
    garbage = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="<script>")
    with override_settings(AMBITO_TRUSTED_PROXY_COUNT=1):
        assert client_ip(garbage) == PROXY
