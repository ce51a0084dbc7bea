"""Minors (§6, §11): an emergency with a minor is visible to the zone's child-protection
service; the fields that identify a minor are hidden from roles that do not need them."""

import pytest
from django.urls import reverse

from ambito.core.models import AccessLog
from ambito.emergency.models import Emergency
from ambito.emergency.selectors import emergency_list, persons_for
from tests.conftest import login

from .conftest import report


def test_child_protection_sees_the_zones_emergencies_with_minors_only(
    child_protection, emergency, minor_emergency
):
    assert emergency_list(user=child_protection) == [minor_emergency]


def test_the_operator_and_the_zone_admin_see_every_emergency_of_the_zone(
    operator, zone_admin, emergency, minor_emergency
):
    for user in (operator, zone_admin):
        assert set(Emergency.objects.visible_to(user)) == {emergency, minor_emergency}


def test_social_workers_see_only_what_is_handed_over_to_their_municipality(
    social_worker_a, social_worker_b, emergency
):
    assert list(Emergency.objects.visible_to(social_worker_a)) == [emergency]
    assert not Emergency.objects.visible_to(social_worker_b).exists()


def test_another_zone_sees_nothing(operator_other_zone, emergency, minor_emergency):
    assert not Emergency.objects.visible_to(operator_other_zone).exists()


def test_minors_identity_is_masked_for_the_social_worker_and_the_zone_admin(
    social_worker_a, zone_admin, minor_emergency
):
    for user in (social_worker_a, zone_admin):
        persons = persons_for(user=user, emergency=minor_emergency)
        adult, minor = persons
        assert adult.last_name == "Neri" and not adult.masked
        assert minor.masked and minor.first_name == "" and minor.last_name == ""
        assert minor.age == 6  # age and sex are what the service needs, not who the child is


@pytest.mark.parametrize("who", ["operator", "child_protection"])
def test_minors_identity_is_shown_to_who_needs_it(request, who, minor_emergency):
    user = request.getfixturevalue(who)
    minor = persons_for(user=user, emergency=minor_emergency)[1]
    assert not minor.masked and minor.first_name == "Leo"


def test_the_page_hides_the_minors_name_from_the_social_worker(
    client, social_worker_a, minor_emergency
):
    page = login(client, social_worker_a).get(
        reverse("emergency:detail", args=[minor_emergency.uuid])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Minore (dati riservati)" in html and "Leo" not in html
    assert "Giulia" in html


def test_the_page_shows_the_minors_name_to_child_protection_and_logs_the_read(
    client, child_protection, minor_emergency
):
    page = login(client, child_protection).get(
        reverse("emergency:detail", args=[minor_emergency.uuid])
    )
    assert "Leo" in page.content.decode()
    assert AccessLog.objects.filter(
        user=child_protection, object_uuid=minor_emergency.uuid
    ).exists()


def test_a_social_worker_of_another_municipality_gets_404(client, social_worker_b, emergency):
    page = login(client, social_worker_b).get(reverse("emergency:detail", args=[emergency.uuid]))
    assert page.status_code == 404


def test_an_adult_emergency_is_not_visible_to_child_protection(
    client, child_protection, operator, municipality_a
):
    adult = report(operator, municipality_a)
    page = login(client, child_protection).get(reverse("emergency:detail", args=[adult.uuid]))
    assert page.status_code == 404
