import pytest

from ambito.measures.models import Measure
from tests.factories import HouseholdMemberFactory, UserFactory


@pytest.fixture
def household_a(municipality_a, person_a):
    return HouseholdMemberFactory(household__municipality=municipality_a, person=person_a).household


@pytest.fixture
def importer(zone_a, municipality_a, municipality_b):
    return UserFactory(
        username="coord",
        zone=zone_a,
        roles=["coordinator"],
        municipalities=[municipality_a, municipality_b],
    )


@pytest.fixture
def adi():
    return Measure.objects.get(code="ADI")
