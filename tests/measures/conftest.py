import pytest

from ambito.measures.models import Measure
from tests.factories import HouseholdMemberFactory


@pytest.fixture
def household_a(municipality_a, person_a):
    return HouseholdMemberFactory(household__municipality=municipality_a, person=person_a).household


@pytest.fixture
def adi():
    return Measure.objects.get(code="ADI")
