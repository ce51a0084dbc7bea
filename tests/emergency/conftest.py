import datetime as dt

import pytest
from django.utils import timezone

from ambito.emergency import services
from ambito.emergency.models import Shelter, UrgencyCriterion
from tests.factories import UserFactory


@pytest.fixture
def operator(zone_a, municipality_a, municipality_b):
    return UserFactory(
        username="seus",
        first_name="Sara",
        last_name="Notturni",
        zone=zone_a,
        roles=["emergency"],
        municipalities=[municipality_a, municipality_b],
    )


@pytest.fixture
def child_protection(zone_a, municipality_a, municipality_b):
    return UserFactory(
        username="tutela",
        zone=zone_a,
        roles=["child_protection"],
        municipalities=[municipality_a, municipality_b],
    )


@pytest.fixture
def operator_other_zone(zone_b, municipality_other_zone):
    return UserFactory(
        username="seus_b",
        zone=zone_b,
        roles=["emergency"],
        municipalities=[municipality_other_zone],
    )


@pytest.fixture
def shelter(zone_a, municipality_a):
    return Shelter.objects.create(
        zone=zone_a,
        municipality=municipality_a,
        name="Casa di pronta accoglienza San Vitale",
        capacity_adult=2,
        capacity_woman_child=2,
        capacity_minor=1,
    )


def criterion(code: str) -> UrgencyCriterion:
    return UrgencyCriterion.objects.get(code=code)


def report(actor, municipality, *, minutes_ago=60, criteria=("ADU.VIO",), persons=None, **extra):
    return services.emergency_report(
        actor=actor,
        reported_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        reporter_kind=extra.pop("reporter_kind", "police"),
        municipality=municipality,
        location=extra.pop("location", "Piazza del Duomo"),
        situation=extra.pop("situation", "Donna con un bambino allontanata dalla casa familiare."),
        criteria=[criterion(c) for c in criteria],
        persons=persons
        if persons is not None
        else [{"first_name": "Anna", "last_name": "Verdi", "age": 31, "sex": "F"}],
        **extra,
    )


@pytest.fixture
def emergency(operator, municipality_a):
    return report(operator, municipality_a)


@pytest.fixture
def minor_emergency(operator, municipality_a):
    return report(
        operator,
        municipality_a,
        criteria=("MIN.ABB",),
        persons=[
            {"first_name": "Giulia", "last_name": "Neri", "age": 32, "sex": "F"},
            {"first_name": "Leo", "last_name": "Neri", "age": 6, "sex": "M"},
        ],
    )
