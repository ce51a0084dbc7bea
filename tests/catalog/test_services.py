from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.catalog import services
from ambito.catalog.models import Service
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from tests.factories import AccessPointFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def data(**overrides):
    return {"name": "Mediazione familiare", "short_description": "Per genitori.", **overrides}


def test_a_planner_creates_a_draft_with_a_slug_from_the_name(planner, zone_a):
    service = services.service_create(actor=planner, zone=zone_a, data=data())
    assert service.status == "draft"
    assert service.slug == "mediazione-familiare"
    assert EventLog.objects.filter(object_uuid=service.uuid, action="create").exists()


def test_a_second_service_with_the_same_name_gets_a_numbered_slug(planner, zone_a):
    services.service_create(actor=planner, zone=zone_a, data=data())
    second = services.service_create(actor=planner, zone=zone_a, data=data())
    assert second.slug == "mediazione-familiare-2"


def test_a_slug_already_used_in_the_zone_is_refused(planner, zone_a):
    services.service_create(actor=planner, zone=zone_a, data=data(slug="mediazione"))
    with pytest.raises(ValidationError) as error:
        services.service_create(
            actor=planner, zone=zone_a, data=data(name="Altro", slug="mediazione")
        )
    assert "già usato" in str(error.value.message_dict["slug"])


def test_a_name_is_required(planner, zone_a):
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=planner, zone=zone_a, data=data(name="  "))
    assert error.value.message_dict["name"] == ["Indica il nome del servizio."]
    assert not Service.objects.exists()


def test_ages_must_be_ordered(planner, zone_a):
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=planner, zone=zone_a, data=data(min_age=65, max_age=18))
    assert "non può essere inferiore" in error.value.message_dict["max_age"][0]


def test_a_negative_isee_ceiling_is_refused(planner, zone_a):
    with pytest.raises(ValidationError) as error:
        services.service_create(actor=planner, zone=zone_a, data=data(isee_max=Decimal("-1")))
    assert error.value.message_dict["isee_max"] == ["La soglia ISEE non può essere negativa."]


def test_provider_and_access_points_of_another_zone_are_refused(planner, zone_a, zone_b):
    foreign_org = OrganisationFactory(zone=zone_b)
    foreign_ap = AccessPointFactory(zone=zone_b)
    with pytest.raises(ValidationError) as error:
        services.service_create(
            actor=planner,
            zone=zone_a,
            data=data(provider=foreign_org, access_points=[foreign_ap]),
        )
    assert set(error.value.message_dict) == {"provider", "access_points"}
    assert not Service.objects.exists()


def test_a_social_worker_may_not_create_services(social_worker_a, zone_a):
    with pytest.raises(NotAllowed):
        services.service_create(actor=social_worker_a, zone=zone_a, data=data())


def test_a_planner_may_not_write_in_another_zone(planner, zone_b):
    with pytest.raises(NotAllowed, match="Non trovato"):
        services.service_create(actor=planner, zone=zone_b, data=data())


def test_update_logs_the_changed_fields_and_keeps_the_slug(planner, zone_a, area):
    service = services.service_create(actor=planner, zone=zone_a, data=data())
    services.service_update(
        actor=planner,
        service=service,
        data={"name": "Mediazione dei conflitti", "need_areas": [area("family_minors")]},
    )
    service.refresh_from_db()
    assert service.slug == "mediazione-familiare"
    event = EventLog.objects.filter(object_uuid=service.uuid, action="update").get()
    assert event.fields == ["name", "need_areas"]
    assert service.history.count() == 2


def test_publish_then_withdraw(planner, zone_a):
    service = services.service_create(actor=planner, zone=zone_a, data=data())
    services.service_publish(actor=planner, service=service)
    service.refresh_from_db()
    assert service.status == "published"
    assert service.published_at is not None
    with pytest.raises(ValidationError, match="già pubblicato"):
        services.service_publish(actor=planner, service=service)
    services.service_withdraw(actor=planner, service=service)
    service.refresh_from_db()
    assert service.status == "withdrawn"
    assert service.published_at is None


def test_a_draft_cannot_be_withdrawn(planner, zone_a):
    service = services.service_create(actor=planner, zone=zone_a, data=data())
    with pytest.raises(ValidationError, match="Solo un servizio pubblicato"):
        services.service_withdraw(actor=planner, service=service)


def test_none_for_an_optional_text_empties_it_and_for_a_required_one_is_refused(planner, zone_a):
    service = services.service_create(actor=planner, zone=zone_a, data=data())
    updated = services.service_update(actor=planner, service=service, data={"email": None})
    assert updated.email == ""
    with pytest.raises(ValidationError):
        services.service_update(actor=planner, service=service, data={"name": None})
