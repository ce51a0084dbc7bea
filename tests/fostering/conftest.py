"""Fixtures of the foster-care tests: the foster-care centre, a household with two minor
siblings and an adult, its case opened by social_worker_a, and registered families."""

import datetime

import pytest

from ambito.cases import services as case_services
from ambito.fostering.choices import AssessmentOutcome
from ambito.fostering.services import families as family_services
from tests.factories import HouseholdMemberFactory, PersonFactory, UserFactory

START = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def centre(zone_a, municipality_a, municipality_b):
    """The district foster-care centre (child-protection service)."""
    return UserFactory(
        username="tutela",
        zone=zone_a,
        roles=["child_protection"],
        municipalities=[municipality_a, municipality_b],
    )


@pytest.fixture
def household(municipality_a):
    head = PersonFactory(
        residence_municipality=municipality_a,
        last_name="Verdi",
        first_name="Anna",
        sex="F",
        birth_date=datetime.date(1985, 5, 4),
    )
    return HouseholdMemberFactory(household__municipality=municipality_a, person=head).household


def _member(household, first_name, birth_date, sex="M"):
    person = PersonFactory(
        residence_municipality=household.municipality,
        last_name="Verdi",
        first_name=first_name,
        sex=sex,
        birth_date=birth_date,
    )
    HouseholdMemberFactory(household=household, person=person, relationship="child")
    return person


@pytest.fixture
def child(household):
    """Luca, 8 years old on START."""
    return _member(household, "Luca", datetime.date(2017, 9, 10))


@pytest.fixture
def sibling(household):
    """Sara, 12 years old on START."""
    return _member(household, "Sara", datetime.date(2013, 6, 1), sex="F")


@pytest.fixture
def case(social_worker_a, child, sibling, household):
    return case_services.case_open(actor=social_worker_a, person=child, household=household)


def register(
    actor, municipality, name, *, kinds, age_min=0, age_max=17, siblings=False, capacity=1
):
    """A family through its whole path: application, training, suitable assessment."""
    family = family_services.family_create(
        actor=actor,
        applied_on=datetime.date(2025, 1, 10),
        reference_adults=name,
        municipality=municipality,
        kinds=kinds,
        age_min=age_min,
        age_max=age_max,
        siblings_accepted=siblings,
        capacity=capacity,
    )
    family_services.training_add(
        actor=actor, family=family, course="Corso base affido", held_on=datetime.date(2025, 2, 1)
    )
    family_services.assessment_record(
        actor=actor,
        family=family,
        held_on=datetime.date(2025, 3, 1),
        outcome=AssessmentOutcome.SUITABLE,
        assessed_by="Équipe affidi distrettuale",
    )
    family.refresh_from_db()
    return family


@pytest.fixture
def residential_family(centre, municipality_a):
    return register(
        centre,
        municipality_a,
        "Bianchi Marco e Laura",
        kinds=["residential", "emergency"],
        age_min=5,
        age_max=14,
        siblings=True,
        capacity=2,
    )


@pytest.fixture
def weekend_family(centre, municipality_b):
    return register(centre, municipality_b, "Neri Paolo", kinds=["weekend", "summer"], age_max=10)
