"""The public charter under load: the PDF is rendered once per version of the charter, and
anonymous heavy pages are rate-limited per client address through the shared cache."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from ambito.catalog import public_views
from ambito.catalog.models import Service
from ambito.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Counts the PDF renderings (and makes them instant: the PDF is not under test here)."""
    calls = []

    def fake_render(html: str, base_url: str) -> bytes:
        calls.append(html)
        return b"%PDF-1.7 " + str(len(calls)).encode()

    monkeypatch.setattr(public_views, "render_pdf", fake_render)
    return calls


def _pdf(client, zone, ip="198.51.100.1"):
    return client.get(reverse("catalog_public:pdf", args=[zone.code]), REMOTE_ADDR=ip)


def test_the_charter_pdf_is_rendered_once_while_the_charter_does_not_change(
    client, charter, zone_a, renders
):
    first = _pdf(client, zone_a)
    second = _pdf(client, zone_a, ip="198.51.100.2")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(renders) == 1


def test_a_change_to_a_published_service_renders_a_new_pdf(client, charter, zone_a, renders):
    _pdf(client, zone_a)
    Service.objects.filter(pk=charter["home_care"].pk).update(name="Assistenza a domicilio")
    assert b"%PDF" in _pdf(client, zone_a).content
    assert len(renders) == 2
    assert "Assistenza a domicilio" in renders[-1]


def test_a_change_to_an_access_point_renders_a_new_pdf(
    client, charter, zone_a, access_point_a, renders
):
    _pdf(client, zone_a)
    access_point_a.address = "Via Nuova 5"
    access_point_a.save()
    _pdf(client, zone_a)
    assert len(renders) == 2


def test_a_withdrawn_service_leaves_the_pdf(client, charter, zone_a, renders):
    _pdf(client, zone_a)
    Service.objects.filter(pk=charter["internships"].pk).update(status="withdrawn")
    _pdf(client, zone_a)
    assert len(renders) == 2
    assert "Tirocini" not in renders[-1]


def test_each_zone_has_its_own_pdf(client, charter, zone_a, zone_b, renders):
    _pdf(client, zone_a)
    _pdf(client, zone_b)
    assert len(renders) == 2


@override_settings(AMBITO_PUBLIC_RATE_LIMIT=3)
def test_the_pdf_is_rate_limited_per_client_address(client, charter, zone_a, renders):
    assert [_pdf(client, zone_a).status_code for _ in range(3)] == [200, 200, 200]
    refused = _pdf(client, zone_a)
    assert refused.status_code == 429
    assert "Troppe richieste" in refused.content.decode()
    assert refused["Retry-After"]
    assert _pdf(client, zone_a, ip="198.51.100.99").status_code == 200


@override_settings(AMBITO_PUBLIC_RATE_LIMIT=2)
def test_the_public_search_is_rate_limited_per_client_address(client, charter, zone_a):
    url = reverse("catalog_public:home", args=[zone_a.code]) + "?q=assistenza"
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.get(url, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert 'lang="it"' in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_the_rate_limit_counts_through_the_shared_cache():
    key = ratelimit.key("prova", "192.0.2.5")
    assert "192.0.2.5" not in key  # the address is kept only as a hash
    assert [ratelimit.hit(key, limit=2, window=60) for _ in range(3)] == [True, True, False]
    assert cache.get(key) == 3


@override_settings(AMBITO_TRUSTED_PROXY_COUNT=1)
def test_the_public_request_form_counts_the_client_behind_the_proxy(rf):
    from ambito.access.public_views import _client_ip

    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.9")
    assert _client_ip(request) == "198.51.100.9"
