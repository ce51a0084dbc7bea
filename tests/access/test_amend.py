"""A contact corrected or cancelled by its author on the day it was recorded: with a reason,
audited, never deleted, and the observatory's tallies always equal to a recount."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from ambito.access import services, tally
from ambito.access.models import Contact, ContactCorrection, ContactTally
from ambito.catalog.models import NeedArea
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from tests.access.conftest import make_web_request
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def area(code):
    return NeedArea.objects.get(code=code)


def snapshot(zone) -> list[tuple]:
    return sorted(
        ContactTally.objects.filter(zone=zone)
        .exclude(count=0)
        .values_list("month", "municipality_key", "access_point_key", "dimension", "value", "count")
    )


def assert_tallies_equal_a_recount(zone):
    kept = snapshot(zone)
    tally.rebuild(zone)
    assert snapshot(zone) == kept


def total(zone) -> int:
    return sum(n for *_, dim, _value, n in snapshot(zone) if dim == "total")


def by_area(zone) -> dict[str, int]:
    result: dict[str, int] = {}
    for *_, dim, value, n in snapshot(zone):
        if dim == "need_area":
            result[value] = result.get(value, 0) + n
    return result


def data_of(contact, **changes):
    data = {
        "access_point": contact.access_point,
        "started_at": contact.started_at,
        "channel": contact.channel,
        "municipality": contact.municipality,
        "need_areas": list(contact.need_areas.all()),
        "request_text": contact.request_text,
        "answer_text": contact.answer_text,
        "outcome": contact.outcome,
        "minutes_spent": contact.minutes_spent,
    }
    data.update(changes)
    return data


@pytest.fixture
def contact(front_office, access_point_a, person_a):
    return services.contact_record(
        actor=front_office,
        data={
            "access_point": access_point_a,
            "person": person_a,
            "need_areas": [area("poverty")],
            "request_text": "Chiede del contributo affitto",
            "outcome": "information",
        },
    )


@pytest.fixture
def colleague(zone_a, municipality_a):
    return UserFactory(
        username="front2", zone=zone_a, roles=["front_office"], municipalities=[municipality_a]
    )


def test_the_author_cancels_a_contact_of_today_which_stays_and_leaves_the_tallies(
    front_office, contact, zone_a
):
    assert total(zone_a) == 1
    services.contact_cancel(actor=front_office, contact=contact, reason="Registrato due volte")
    contact.refresh_from_db()
    assert Contact.objects.filter(pk=contact.pk).exists()  # never deleted
    assert contact.is_cancelled and contact.cancelled_by == front_office
    assert contact.cancel_reason == "Registrato due volte"
    assert total(zone_a) == 0
    assert_tallies_equal_a_recount(zone_a)
    event = EventLog.objects.filter(object_uuid=contact.uuid).latest("pk")
    assert event.fields == ["cancel_reason", "cancelled_at", "cancelled_by"]
    assert "due volte" not in f"{event.fields} {event.note}"  # names, never values


def test_a_correction_moves_the_contact_between_the_tallies(front_office, contact, zone_a):
    poverty, housing = str(area("poverty").pk), str(area("housing").pk)
    assert by_area(zone_a) == {poverty: 1}
    services.contact_correct(
        actor=front_office,
        contact=contact,
        data=data_of(contact, need_areas=[area("housing")], outcome="appointment"),
        reason="Area sbagliata",
    )
    assert by_area(zone_a) == {housing: 1}
    assert total(zone_a) == 1
    assert_tallies_equal_a_recount(zone_a)
    correction = ContactCorrection.objects.get(contact=contact)
    assert correction.reason == "Area sbagliata" and correction.corrected_by == front_office
    assert correction.fields == ["need_areas", "outcome"]
    event = EventLog.objects.filter(object_uuid=contact.uuid).latest("pk")
    assert event.fields == ["need_areas", "outcome"] and event.note == "correzione"


def test_a_correction_or_cancellation_without_a_reason_changes_nothing(
    front_office, contact, zone_a
):
    before = snapshot(zone_a)
    with pytest.raises(ValidationError) as exc:
        services.contact_cancel(actor=front_office, contact=contact, reason="  ")
    assert exc.value.message_dict["reason"] == ["Scrivi il motivo dell'annullamento."]
    with pytest.raises(ValidationError) as exc:
        services.contact_correct(
            actor=front_office,
            contact=contact,
            data=data_of(contact, need_areas=[]),
            reason="",
        )
    assert set(exc.value.message_dict) == {"reason", "need_areas"}  # every error at once
    contact.refresh_from_db()
    assert not contact.is_cancelled and list(contact.need_areas.all()) == [area("poverty")]
    assert snapshot(zone_a) == before
    assert not ContactCorrection.objects.exists()


def test_a_correction_that_changes_nothing_is_refused(front_office, contact):
    with pytest.raises(ValidationError, match="Non hai cambiato nulla"):
        services.contact_correct(
            actor=front_office, contact=contact, data=data_of(contact), reason="Niente"
        )


def test_another_user_may_not_correct_or_cancel_it(colleague, contact, zone_a):
    before = snapshot(zone_a)
    with pytest.raises(NotAllowed, match="solo da chi l'ha registrato"):
        services.contact_cancel(actor=colleague, contact=contact, reason="Errore")
    with pytest.raises(NotAllowed):
        services.contact_correct(
            actor=colleague,
            contact=contact,
            data=data_of(contact, outcome="appointment"),
            reason="Errore",
        )
    assert snapshot(zone_a) == before
    contact.refresh_from_db()
    assert not contact.is_cancelled


def test_after_the_day_it_was_recorded_the_author_is_refused(front_office, contact):
    tomorrow = timezone.localtime(contact.created_at) + timedelta(days=1)
    with freeze_time(tomorrow.replace(hour=8, minute=0)), pytest.raises(NotAllowed):
        services.contact_cancel(actor=front_office, contact=contact, reason="Errore")
    contact.refresh_from_db()
    assert not contact.is_cancelled


def test_a_cancelled_contact_cannot_be_cancelled_or_corrected_again(front_office, contact):
    services.contact_cancel(actor=front_office, contact=contact, reason="Doppio")
    with pytest.raises(NotAllowed):
        services.contact_cancel(actor=front_office, contact=contact, reason="Ancora")
    with pytest.raises(NotAllowed):
        services.contact_correct(
            actor=front_office,
            contact=contact,
            data=data_of(contact, outcome="appointment"),
            reason="Ancora",
        )


def test_a_web_request_is_not_amended_but_called_back(front_office, access_point_a):
    request = make_web_request(access_point=access_point_a, operator=front_office)
    with pytest.raises(NotAllowed):
        services.contact_cancel(actor=front_office, contact=request, reason="Spam")


# --- the pages -----------------------------------------------------------------------------------


def day_url(contact):
    return f"/accessi/punto/{contact.access_point.uuid}/"


def test_the_daily_list_offers_correggi_and_annulla_to_the_author_only(
    client, front_office, colleague, contact
):
    client.force_login(front_office)
    body = client.get(day_url(contact)).content.decode()
    assert f"/accessi/{contact.uuid}/correggi/" in body
    assert f"/accessi/{contact.uuid}/annulla/" in body
    client.force_login(colleague)
    body = client.get(day_url(contact)).content.decode()
    assert f"/accessi/{contact.uuid}/correggi/" not in body
    response = client.get(f"/accessi/{contact.uuid}/annulla/")
    assert response.status_code == 403
    assert "solo da chi l&#x27;ha registrato" in response.content.decode()


def test_the_author_cancels_from_the_page_with_a_reason(client, front_office, contact, zone_a):
    client.force_login(front_office)
    url = f"/accessi/{contact.uuid}/annulla/"
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Scrivi il motivo dell&#x27;annullamento." in response.content.decode()
    response = client.post(url, {"reason": "Registrato due volte"}, follow=True)
    body = response.content.decode()
    assert "Accesso annullato" in body and "Annullato" in body and "Registrato due volte" in body
    assert "Accessi del" in body and ": 0 (e 1 annullato)" in body
    contact.refresh_from_db()
    assert contact.is_cancelled
    assert total(zone_a) == 0


def test_the_author_corrects_from_the_page_keeping_what_was_typed_on_an_error(
    client, front_office, contact, zone_a
):
    client.force_login(front_office)
    url = f"/accessi/{contact.uuid}/correggi/"
    page = client.get(url).content.decode()
    assert "Chiede del contributo affitto" in page
    assert f'value="{area("poverty").pk}" checked' in page
    form = {
        "access_point": contact.access_point.pk,
        "started_at": timezone.localtime(contact.started_at).strftime("%Y-%m-%dT%H:%M"),
        "channel": "desk",
        "municipality": contact.municipality.pk,
        "need_areas": [area("housing").pk],
        "request_text": "Chiede del contributo affitto, corretto",
        "answer_text": "",
        "referral_kind": "",
        "outcome": "information",
        "minutes_spent": "",
        "reason": "",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Scrivi il motivo della correzione." in response.content.decode()
    assert "contributo affitto, corretto" in response.content.decode()
    assert not ContactCorrection.objects.exists()
    response = client.post(url, {**form, "reason": "Area sbagliata"})
    assert response.status_code == 302
    correction = ContactCorrection.objects.get()
    assert correction.fields == ["need_areas", "request_text"]  # the time was not touched
    assert by_area(zone_a) == {str(area("housing").pk): 1}
    assert_tallies_equal_a_recount(zone_a)


def test_the_api_says_a_contact_was_cancelled(front_office, contact):
    from tests.access.test_api import API, token_client

    services.contact_cancel(actor=front_office, contact=contact, reason="Doppio")
    client = token_client(front_office)
    response = client.get(f"{API}/contacts", {"access_point": str(contact.access_point.uuid)})
    assert response.status_code == 200, response.content
    (item,) = [row for row in response.json()["items"] if row["uuid"] == str(contact.uuid)]
    assert item["cancelled_at"] is not None
