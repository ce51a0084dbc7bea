"""Writes of contacts: validated, all-or-nothing, audited."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ambito.access import services
from ambito.access.choices import ContactStatus, Outcome
from ambito.access.models import Contact
from ambito.core.models import EventLog
from tests.access.conftest import make_web_request

pytestmark = pytest.mark.django_db


def record(actor, **data):
    return services.contact_record(actor=actor, data=data)


def test_a_contact_for_a_visible_person_is_recorded_and_audited(
    front_office, access_point_a, person_a, need_area, published_service
):
    contact = record(
        front_office,
        access_point=access_point_a,
        person=person_a,
        need_areas=[need_area],
        request_text="Chiede aiuto per la madre",
        referral_service=published_service,
        outcome=Outcome.REFERRAL,
        minutes_spent=12,
    )
    assert contact.zone_id == front_office.zone_id
    assert contact.municipality == person_a.residence_municipality
    assert contact.referral_kind == "service"
    assert list(contact.need_areas.all()) == [need_area]
    event = EventLog.objects.get(object_uuid=contact.uuid)
    assert event.person == person_a
    assert "Chiede" not in str(event.fields)


def test_started_at_defaults_to_now(front_office, access_point_a, need_area):
    contact = record(front_office, access_point=access_point_a, need_areas=[need_area])
    assert abs((timezone.now() - contact.started_at).total_seconds()) < 5
    assert contact.person is None


def test_end_before_start_is_refused(front_office, access_point_a):
    start = timezone.now() - timedelta(hours=1)
    with pytest.raises(ValidationError) as exc:
        record(
            front_office,
            access_point=access_point_a,
            started_at=start,
            ended_at=start - timedelta(minutes=1),
        )
    assert exc.value.message_dict["ended_at"] == ["La fine non può precedere l'inizio."]
    assert not Contact.objects.exists()


def test_a_future_date_is_refused(front_office, access_point_a):
    with pytest.raises(ValidationError) as exc:
        record(
            front_office,
            access_point=access_point_a,
            started_at=timezone.now() + timedelta(hours=1),
        )
    assert "started_at" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_a_referral_to_an_unpublished_service_is_refused_and_nothing_is_written(
    front_office, access_point_a, person_a, draft_service, need_area
):
    with pytest.raises(ValidationError) as exc:
        record(
            front_office,
            access_point=access_point_a,
            person=person_a,
            need_areas=[need_area],
            referral_kind="service",
            referral_service=draft_service,
        )
    assert exc.value.message_dict["referral_service"] == [
        "Si può orientare solo verso servizi pubblicati."
    ]
    assert not Contact.objects.exists()
    assert not EventLog.objects.filter(object_type="access.contact").exists()


def test_a_referral_to_a_service_of_another_zone_is_refused(front_office, access_point_a, zone_b):
    from tests.access.conftest import make_service

    foreign = make_service(zone_b, name="Servizio di Crema")
    with pytest.raises(ValidationError):
        record(front_office, access_point=access_point_a, referral_service=foreign)
    assert not Contact.objects.exists()


def test_a_person_of_another_zone_is_refused(front_office, access_point_a, person_other_zone):
    with pytest.raises(ValidationError) as exc:
        record(front_office, access_point=access_point_a, person=person_other_zone)
    assert "person" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_a_social_worker_cannot_record_a_contact_for_a_person_they_may_not_see(
    social_worker_b, access_point_a, person_a
):
    with pytest.raises(ValidationError):
        record(social_worker_b, access_point=access_point_a, person=person_a)


def test_an_access_point_of_another_zone_is_refused(front_office, access_point_other_zone):
    with pytest.raises(ValidationError) as exc:
        record(front_office, access_point=access_point_other_zone)
    assert "access_point" in exc.value.message_dict


def test_a_user_without_the_permission_cannot_record(planner, access_point_a):
    with pytest.raises(PermissionDenied):
        record(planner, access_point=access_point_a)


# --- public requests -------------------------------------------------------------------------


def request(zone, access_point, municipality, **overrides):
    data = {
        "zone": zone,
        "access_point": access_point,
        "name": "Anna Verdi",
        "contact": "333 1234567",
        "municipality": municipality,
        "request_text": "Vorrei sapere come chiedere l'assistenza domiciliare per mia madre.",
        "consent": True,
        "client_ip": "10.0.0.1",
    }
    data.update(overrides)
    return services.callback_request_create(**data)


def test_a_public_request_becomes_a_web_contact_to_call_back(
    zone_a, access_point_a, municipality_a
):
    contact = request(zone_a, access_point_a, municipality_a, name="  Anna   Verdi ")
    assert contact.channel == "web"
    assert contact.status == ContactStatus.TO_CALL_BACK
    assert contact.requester_name == "Anna Verdi"
    assert contact.consent_at is not None
    assert EventLog.objects.filter(object_uuid=contact.uuid, user__isnull=True).exists()


@pytest.mark.parametrize(
    "field,value",
    [
        ("request_text", "Aiuto <script>alert(1)</script>"),
        ("request_text", "clicca <a href='x'>qui</a>"),
        ("name", "Anna</b>"),
        ("contact", "javascript:alert(1)"),
        ("request_text", "<img src=x onerror=alert(1)>"),
    ],
)
def test_html_or_script_is_rejected_with_a_clear_message_and_nothing_stored(
    zone_a, access_point_a, municipality_a, field, value
):
    with pytest.raises(ValidationError) as exc:
        request(zone_a, access_point_a, municipality_a, **{field: value})
    assert "HTML" in exc.value.message_dict[field][0]
    assert not Contact.objects.exists()


def test_a_less_than_sign_in_plain_text_is_accepted(zone_a, access_point_a, municipality_a):
    contact = request(zone_a, access_point_a, municipality_a, request_text="ISEE < 10000 euro")
    assert contact.request_text == "ISEE < 10000 euro"


@pytest.mark.parametrize("field,size", [("name", 121), ("contact", 121), ("request_text", 2001)])
def test_oversized_input_is_rejected(zone_a, access_point_a, municipality_a, field, size):
    with pytest.raises(ValidationError) as exc:
        request(zone_a, access_point_a, municipality_a, **{field: "a" * size})
    assert "al massimo" in exc.value.message_dict[field][0]
    assert not Contact.objects.exists()


def test_consent_is_required(zone_a, access_point_a, municipality_a):
    with pytest.raises(ValidationError) as exc:
        request(zone_a, access_point_a, municipality_a, consent=False)
    assert "consent" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_municipality_and_access_point_must_be_of_the_zone(
    zone_a, access_point_a, access_point_other_zone, municipality_a, municipality_other_zone
):
    with pytest.raises(ValidationError) as exc:
        request(zone_a, access_point_other_zone, municipality_other_zone)
    assert set(exc.value.message_dict) == {"access_point", "municipality"}


def test_requests_are_rate_limited_per_client_and_zone(zone_a, access_point_a, municipality_a):
    for _ in range(services.RATE_LIMIT):
        request(zone_a, access_point_a, municipality_a)
    with pytest.raises(ValidationError) as exc:
        request(zone_a, access_point_a, municipality_a)
    assert exc.value.messages[0].startswith("Troppe richieste")
    assert Contact.objects.count() == services.RATE_LIMIT
    # Another client is not affected.
    request(zone_a, access_point_a, municipality_a, client_ip="10.0.0.2")


def test_a_callback_is_completed_by_an_operator(front_office, access_point_a, person_a):
    contact = make_web_request(access_point=access_point_a)
    services.callback_complete(
        actor=front_office,
        contact=contact,
        answer_text="Fissato appuntamento",
        outcome=Outcome.APPOINTMENT,
        person=person_a,
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CALLED_BACK
    assert contact.called_back_at is not None
    assert contact.person == person_a
    with pytest.raises(ValidationError):
        services.callback_complete(
            actor=front_office, contact=contact, answer_text="", outcome=Outcome.INFORMATION
        )


def test_a_callback_of_another_zone_cannot_be_completed(social_worker_other_zone, access_point_a):
    contact = make_web_request(access_point=access_point_a)
    with pytest.raises(PermissionDenied):
        services.callback_complete(
            actor=social_worker_other_zone,
            contact=contact,
            answer_text="",
            outcome=Outcome.INFORMATION,
        )


def test_a_contact_without_a_need_area_is_refused_and_nothing_is_written(
    front_office, access_point_a, person_a
):
    with pytest.raises(ValidationError) as exc:
        record(front_office, access_point=access_point_a, person=person_a, need_areas=[])
    assert exc.value.message_dict["need_areas"] == [services.NEED_AREA_MISSING]
    assert not Contact.objects.exists()
    assert not EventLog.objects.exists()
