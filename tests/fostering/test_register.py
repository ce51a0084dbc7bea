"""The register's path and the matching of families to a placement."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ambito.fostering.choices import AssessmentOutcome, FamilyStatus
from ambito.fostering.models import FamilyAssessment, FosterFamily
from ambito.fostering.selectors.matching import matching_families
from ambito.fostering.services import families as family_services
from ambito.fostering.services import placements as placement_services

from .conftest import START

pytestmark = pytest.mark.django_db


def _names(kind, ages, on=START, zone=None):
    zone_id = zone or FosterFamily.objects.first().zone_id
    return [
        f.reference_adults for f in matching_families(zone_id=zone_id, kind=kind, on=on, ages=ages)
    ]


def test_a_family_goes_from_application_through_training_and_assessment_to_the_register(
    centre, municipality_a
):
    family = family_services.family_create(
        actor=centre,
        applied_on=datetime.date(2025, 1, 10),
        reference_adults="Gialli Rita",
        municipality=municipality_a,
        kinds=["daytime"],
    )
    assert family.status == FamilyStatus.APPLIED
    with pytest.raises(ValidationError, match="formazione"):
        family_services.assessment_record(
            actor=centre,
            family=family,
            held_on=datetime.date(2025, 2, 1),
            outcome=AssessmentOutcome.SUITABLE,
            assessed_by="Équipe",
        )
    family_services.training_add(
        actor=centre, family=family, course="Corso base", held_on=datetime.date(2025, 1, 20)
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.TRAINING
    family_services.assessment_record(
        actor=centre,
        family=family,
        held_on=datetime.date(2025, 2, 1),
        outcome=AssessmentOutcome.SUITABLE,
        assessed_by="Équipe",
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.REGISTERED
    assert family.registered_on == datetime.date(2025, 2, 1)


def test_an_age_range_upside_down_is_refused_and_nothing_is_written(centre, municipality_a):
    with pytest.raises(ValidationError) as refused:
        family_services.family_create(
            actor=centre,
            applied_on=datetime.date(2025, 1, 10),
            reference_adults="X",
            municipality=municipality_a,
            age_min=10,
            age_max=4,
        )
    assert "età massima" in str(refused.value)
    assert not FosterFamily.objects.exists()


def test_matching_follows_kind_age_and_siblings(residential_family, weekend_family):
    assert _names("residential", [8]) == ["Bianchi Marco e Laura"]
    assert _names("weekend", [8]) == ["Neri Paolo"]
    assert _names("weekend", [12]) == []  # Neri accepts up to 10
    assert _names("residential", [3]) == []  # Bianchi from 5
    assert _names("residential", [8, 12]) == ["Bianchi Marco e Laura"]
    assert _names("summer", [8, 9]) == []  # Neri takes no siblings


def test_a_suspended_family_does_not_match_in_its_period(centre, residential_family):
    family_services.suspension_add(
        actor=centre,
        family=residential_family,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
        reason="Trasloco",
    )
    assert _names("residential", [8], on=START) == []
    assert _names("residential", [8], on=datetime.date(2026, 4, 1)) == ["Bianchi Marco e Laura"]


def test_a_full_family_does_not_match_until_a_placement_ends(
    social_worker_a, case, child, sibling, residential_family
):
    placement = placement_services.placement_create(
        actor=social_worker_a,
        case=case,
        family=residential_family,
        children=[child, sibling],
        kind="residential",
        basis="court",
        court_reference="Decreto TM Brescia 12/2026",
        starts_on=START,
    )
    assert _names("residential", [8]) == []  # capacity 2, two hosted
    placement_services.placement_end(
        actor=social_worker_a,
        placement=placement,
        ended_on=datetime.date(2026, 6, 1),
        end_reason="return_home",
    )
    assert _names("residential", [8], on=datetime.date(2026, 6, 1)) == ["Bianchi Marco e Laura"]
    assert _names("residential", [8], on=datetime.date(2026, 5, 1)) == []


def test_a_not_suitable_assessment_keeps_the_family_out(centre, municipality_a):
    family = family_services.family_create(
        actor=centre,
        applied_on=datetime.date(2025, 1, 10),
        reference_adults="Rosa Ugo",
        municipality=municipality_a,
        kinds=["residential"],
    )
    family_services.training_add(
        actor=centre, family=family, course="Corso", held_on=datetime.date(2025, 1, 20)
    )
    family_services.assessment_record(
        actor=centre,
        family=family,
        held_on=datetime.date(2025, 2, 1),
        outcome=AssessmentOutcome.NOT_SUITABLE,
        assessed_by="Équipe",
    )
    family.refresh_from_db()
    assert family.status == FamilyStatus.NOT_SUITABLE
    assert _names("residential", [8], zone=family.zone_id) == []
    assert FamilyAssessment.objects.filter(family=family).count() == 1


def test_a_social_worker_may_not_manage_the_register(social_worker_a, municipality_a):
    from ambito.core.permissions import NotAllowed

    with pytest.raises(NotAllowed):
        family_services.family_create(
            actor=social_worker_a,
            applied_on=datetime.date(2025, 1, 10),
            reference_adults="X",
            municipality=municipality_a,
        )
