"""Issue 14: shelters, the rota, the criteria, placements and hand-overs declare their scoping;
the views read through visible_to, and what is outside the scope is a 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from ambito.core.permissions import NotAllowed, allowed
from ambito.emergency import selectors, services
from ambito.emergency.models import Handover, OnCallShift, Placement, Shelter, UrgencyCriterion

pytestmark = pytest.mark.django_db


def test_shelters_and_shifts_are_the_zones(
    operator, operator_other_zone, shelter, social_worker_a, planner
):
    OnCallShift.objects.create(
        zone=shelter.zone,
        user=operator,
        role="operator",
        starts_at=timezone.now() - dt.timedelta(hours=1),
        ends_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert list(Shelter.objects.visible_to(operator)) == [shelter]
    assert not Shelter.objects.visible_to(operator_other_zone).exists()
    assert not Shelter.objects.visible_to(planner).exists()
    assert [s.user for s in selectors.on_call_now(user=social_worker_a)] == [operator]
    assert selectors.on_call_now(user=operator_other_zone) == []
    assert selectors.on_call_now(user=planner) == []


def test_shared_criteria_and_the_zones_own(operator, operator_other_zone, zone_a):
    own = UrgencyCriterion.objects.create(code="ZA.1", label="Della zona A", zone=zone_a)
    shared = UrgencyCriterion.objects.filter(zone__isnull=True)
    assert own in UrgencyCriterion.objects.visible_to(operator)
    assert own not in UrgencyCriterion.objects.visible_to(operator_other_zone)
    assert set(shared) <= set(UrgencyCriterion.objects.visible_to(operator_other_zone))


def test_a_placement_is_seen_with_its_emergency(
    client, operator, operator_other_zone, emergency, shelter
):
    placement = services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="adult"
    )
    assert list(Placement.objects.visible_to(operator)) == [placement]
    assert not Placement.objects.visible_to(operator_other_zone).exists()
    client.force_login(operator_other_zone)
    response = client.post(reverse("emergency:placement_end", args=[placement.uuid]))
    assert response.status_code == 404
    with pytest.raises(NotAllowed) as refused:
        services.placement_end(placement=placement, actor=operator_other_zone)
    assert refused.value.hide
    placement.refresh_from_db()
    assert placement.left_at is None


def test_a_hand_over_is_taken_over_by_its_municipality_only(
    emergency, social_worker_a, social_worker_b
):
    handover = emergency.handover
    assert list(Handover.objects.visible_to(social_worker_a)) == [handover]
    assert not Handover.objects.visible_to(social_worker_b).exists()
    assert allowed(social_worker_a, "emergency.take_over_handover", handover)
    assert not allowed(social_worker_b, "emergency.take_over_handover", handover)
    with pytest.raises(NotAllowed) as refused:
        services.handover_acknowledge(handover=handover, actor=social_worker_b)
    assert refused.value.hide
    assert selectors.handovers_waiting(user=social_worker_a) == [handover]
    assert selectors.handovers_waiting(user=social_worker_b) == []
