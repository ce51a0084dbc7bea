"""Placements from a case: the refusals leave nothing written; the end; the meetings."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.fostering.models import OriginMeeting, Placement
from ambito.fostering.services import families as family_services
from ambito.fostering.services import placements as placement_services

from .conftest import START

pytestmark = pytest.mark.django_db


def _place(actor, case, family, children, kind="residential", **extra):
    data = {"basis": "court", "court_reference": "Decreto TM 3/2026", "starts_on": START, **extra}
    return placement_services.placement_create(
        actor=actor, case=case, family=family, children=children, kind=kind, **data
    )


def test_a_court_placement_of_two_siblings_is_recorded_with_the_contribution(
    social_worker_a, case, child, sibling, residential_family
):
    placement = _place(
        social_worker_a,
        case,
        residential_family,
        [child, sibling],
        monthly_contribution=Decimal("450.00"),
    )
    assert set(placement.children.all()) == {child, sibling}
    assert placement.monthly_contribution == Decimal("450.00")
    assert placement.is_open


def test_a_placement_with_a_suspended_family_is_refused_and_nothing_is_written(
    centre, social_worker_a, case, child, residential_family
):
    family_services.suspension_add(
        actor=centre,
        family=residential_family,
        starts_on=datetime.date(2026, 2, 1),
        ends_on=None,
        reason="Problemi di salute",
    )
    with pytest.raises(ValidationError) as refused:
        _place(social_worker_a, case, residential_family, [child])
    assert "sospesa dall'albo dal 01/02/2026" in refused.value.message_dict["family"][0]
    assert not Placement.objects.exists()


def test_a_placement_of_a_kind_the_family_does_not_offer_is_refused(
    social_worker_a, case, child, weekend_family
):
    with pytest.raises(ValidationError) as refused:
        _place(social_worker_a, case, weekend_family, [child], kind="daytime")
    assert "non ha dato disponibilità per l'affido «Diurno (parziale)»" in str(refused.value)
    assert not Placement.objects.exists()


def test_a_child_outside_the_age_range_or_siblings_not_accepted_are_refused(
    social_worker_a, case, child, sibling, weekend_family
):
    with pytest.raises(ValidationError) as refused:
        _place(social_worker_a, case, weekend_family, [sibling], kind="weekend")
    assert "da 0 a 10 anni" in refused.value.message_dict["children"][0]
    with pytest.raises(ValidationError, match="fratelli"):
        _place(social_worker_a, case, weekend_family, [child, sibling], kind="weekend")
    assert not Placement.objects.exists()


def test_a_consensual_placement_needs_the_parents_consent(
    social_worker_a, case, child, weekend_family
):
    with pytest.raises(ValidationError) as refused:
        _place(social_worker_a, case, weekend_family, [child], kind="weekend", basis="consensual")
    assert "consenso dei genitori" in refused.value.message_dict["consent_on"][0]
    placement = _place(
        social_worker_a,
        case,
        weekend_family,
        [child],
        kind="weekend",
        basis="consensual",
        consent_on=datetime.date(2026, 2, 20),
        ratified_on=datetime.date(2026, 2, 27),
    )
    assert placement.court_reference == ""


def test_only_the_minors_of_the_case_may_be_placed(
    social_worker_a, case, residential_family, person_b
):
    with pytest.raises(ValidationError, match="nucleo"):
        _place(social_worker_a, case, residential_family, [person_b])
    assert not Placement.objects.exists()


def test_meetings_with_the_family_of_origin_and_the_end(
    social_worker_a, case, child, residential_family
):
    placement = _place(social_worker_a, case, residential_family, [child])
    placement_services.meeting_add(
        actor=social_worker_a,
        placement=placement,
        held_on=datetime.date(2026, 3, 15),
        kind="protected",
        place="Spazio neutro, Crema",
    )
    with pytest.raises(ValidationError, match="precedere l'inizio"):
        placement_services.meeting_add(
            actor=social_worker_a,
            placement=placement,
            held_on=datetime.date(2026, 1, 1),
            kind="free",
            place="Casa",
        )
    assert OriginMeeting.objects.filter(placement=placement).count() == 1
    with pytest.raises(ValidationError, match="precedere l'inizio"):
        placement_services.placement_end(
            actor=social_worker_a,
            placement=placement,
            ended_on=datetime.date(2026, 1, 1),
            end_reason="return_home",
        )
    placement.refresh_from_db()
    assert placement.ended_on is None


def test_a_social_worker_outside_the_case_team_may_not_place(
    social_worker_b, case, child, residential_family
):
    from ambito.core.permissions import NotAllowed

    with pytest.raises(NotAllowed) as refused:
        _place(social_worker_b, case, residential_family, [child])
    assert refused.value.hide
