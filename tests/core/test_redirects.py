"""Where `next` may send the browser: only back to this site."""

from urllib.parse import quote

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ambito.core.redirects import safe_next
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

OFF_SITE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "http:evil.example"]


def _device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="telefono", confirmed=True)


def _code(device) -> str:
    return str(totp(device.bin_key)).zfill(6)


@pytest.mark.parametrize("target", OFF_SITE)
def test_the_second_factor_never_redirects_off_site(client, social_worker_a, target):
    device = _device(social_worker_a)
    client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    response = client.post(reverse("core:two_factor") + "?next=" + target, {"token": _code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_the_second_factor_follows_a_local_next(client, social_worker_a):
    device = _device(social_worker_a)
    client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    target = reverse("registry:search") + "?q=rossi"
    response = client.post(reverse("core:two_factor"), {"token": _code(device), "next": target})
    assert response["Location"] == target


@pytest.mark.parametrize("target", [*OFF_SITE, "", None, "javascript:alert(1)"])
def test_safe_next_falls_back_to_the_default_for_anything_off_site(target):
    request = RequestFactory().get("/", {"next": target} if target is not None else {})
    assert safe_next(request, "core:home") == reverse("core:home")


def test_safe_next_keeps_a_path_of_this_site():
    request = RequestFactory().post("/?next=/casi/%3Fstato%3Daperto")
    assert safe_next(request, "core:home") == "/casi/?stato=aperto"


def test_an_http_next_is_refused_on_an_https_request():
    request = RequestFactory().get("/", {"next": "http://testserver/casi/"}, secure=True)
    assert safe_next(request, "/") == "/"


def test_a_page_asked_for_before_the_second_factor_is_the_page_reached_after_it(
    client, social_worker_a, settings
):
    settings.AMBITO_2FA_REQUIRED_ROLES = ["social_worker"]
    device = _device(social_worker_a)
    client.post(reverse("core:login"), {"username": "as_a", "password": PASSWORD})
    wanted = reverse("registry:search")
    response = client.get(wanted + "?q=rossi")
    # Only the path is carried: a query string may hold a name typed in a search.
    assert response["Location"] == reverse("core:two_factor") + "?next=" + quote(wanted, safe="")
    response = client.post(response["Location"], {"token": _code(device)})
    assert response["Location"] == wanted
