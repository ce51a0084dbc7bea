"""Who sees which contacts, and the reads that are logged."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from ambito.access import selectors
from ambito.access.models import Contact
from ambito.core.models import AccessLog
from tests.access.conftest import make_contact, make_web_request

pytestmark = pytest.mark.django_db


def test_a_social_worker_of_municipality_b_does_not_see_the_contacts_of_person_a(
    social_worker_a, social_worker_b, access_point_a, person_a
):
    make_contact(access_point=access_point_a, person=person_a)
    assert len(selectors.contacts_of_person(user=social_worker_a, person=person_a)) == 1
    assert selectors.contacts_of_person(user=social_worker_b, person=person_a) == []


def test_another_zone_sees_nothing(social_worker_other_zone, access_point_a, person_a):
    make_contact(access_point=access_point_a, person=person_a)
    make_contact(access_point=access_point_a)
    make_web_request(access_point=access_point_a)
    assert not Contact.objects.visible_to(social_worker_other_zone).exists()
    assert selectors.callback_queue(user=social_worker_other_zone) == []


def test_a_user_without_the_permission_sees_nothing(planner, access_point_a):
    make_contact(access_point=access_point_a)
    assert not Contact.objects.visible_to(planner).exists()


def test_anonymous_contacts_and_web_requests_are_visible_to_the_zone(
    social_worker_b, access_point_a, person_a
):
    anonymous = make_contact(access_point=access_point_a)
    web = make_web_request(access_point=access_point_a)
    identified = make_contact(access_point=access_point_a, person=person_a)
    day = selectors.contact_list_for_access_point(
        user=social_worker_b, access_point=access_point_a, day=timezone.localdate()
    )
    assert anonymous in day and web in day
    assert identified not in day


def test_the_daily_list_holds_only_that_day_in_order(front_office, access_point_a):
    rome = ZoneInfo("Europe/Rome")
    later = make_contact(
        access_point=access_point_a, started_at=datetime(2026, 3, 10, 23, 30, tzinfo=rome)
    )
    earlier = make_contact(
        access_point=access_point_a, started_at=datetime(2026, 3, 10, 0, 15, tzinfo=rome)
    )
    make_contact(access_point=access_point_a, started_at=datetime(2026, 3, 11, 0, 5, tzinfo=rome))
    make_contact(access_point=access_point_a, started_at=datetime(2026, 3, 9, 23, 55, tzinfo=rome))
    day = selectors.contact_list_for_access_point(
        user=front_office, access_point=access_point_a, day=date(2026, 3, 10)
    )
    assert day == [earlier, later]


def test_the_callback_queue_is_oldest_first_and_logged(front_office, access_point_a):
    newer = make_web_request(access_point=access_point_a)
    older = make_web_request(
        access_point=access_point_a, started_at=timezone.now() - timedelta(days=1)
    )
    make_contact(access_point=access_point_a)  # done: not in the queue
    assert selectors.callback_queue(user=front_office) == [older, newer]
    assert selectors.callback_queue_count(user=front_office) == 2
    log = AccessLog.objects.get(object_type="access.contact")
    assert log.detail["kind"] == "callback_queue"
    assert "Anna" not in str(log.detail)


def test_reading_the_contacts_of_a_person_is_logged(front_office, access_point_a, person_a):
    make_contact(access_point=access_point_a, person=person_a)
    selectors.contacts_of_person(user=front_office, person=person_a)
    assert AccessLog.objects.filter(
        user=front_office, person=person_a, object_type="access.contact"
    ).exists()


def test_a_daily_list_of_anonymous_contacts_only_is_not_logged(front_office, access_point_a):
    make_contact(access_point=access_point_a)
    selectors.contact_list_for_access_point(
        user=front_office, access_point=access_point_a, day=timezone.localdate()
    )
    assert not AccessLog.objects.filter(object_type="access.contact").exists()
