"""Fixtures of the contacts tests: access points, charter services and contacts."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from ambito.access.choices import Channel, ContactStatus
from ambito.access.models import Contact
from ambito.catalog.models import NeedArea, Service
from tests.factories import AccessPointFactory


@pytest.fixture(autouse=True)
def _clear_rate_limit_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def access_point_a(zone_a, municipality_a):
    return AccessPointFactory(zone=zone_a, municipality=municipality_a, name="Segretariato Pistoia")


@pytest.fixture
def access_point_other_zone(zone_b, municipality_other_zone):
    return AccessPointFactory(
        zone=zone_b, municipality=municipality_other_zone, name="Segretariato Crema"
    )


def make_service(zone, *, status="published", name="Assistenza domiciliare", slug=None):
    return Service.objects.create(
        zone=zone,
        slug=slug or name.lower().replace(" ", "-"),
        name=name,
        short_description="Aiuto a casa per chi non è autosufficiente.",
        status=status,
    )


@pytest.fixture
def published_service(zone_a):
    return make_service(zone_a)


@pytest.fixture
def draft_service(zone_a):
    return make_service(zone_a, status="draft", name="Servizio in bozza")


@pytest.fixture
def need_area():
    return NeedArea.objects.get(code="elderly")


def make_contact(*, access_point, person=None, **fields):
    defaults = {
        "zone": access_point.zone,
        "access_point": access_point,
        "started_at": timezone.now(),
        "channel": Channel.DESK,
        "person": person,
        "municipality": person.residence_municipality if person else None,
        "status": ContactStatus.DONE,
    }
    defaults.update(fields)
    return Contact.objects.create(**defaults)


def make_web_request(*, access_point, name="Anna Verdi", **fields):
    return make_contact(
        access_point=access_point,
        channel=Channel.WEB,
        status=ContactStatus.TO_CALL_BACK,
        requester_name=name,
        requester_contact="333 1234567",
        request_text="Vorrei informazioni sull'assistenza domiciliare.",
        consent_at=timezone.now(),
        **fields,
    )
