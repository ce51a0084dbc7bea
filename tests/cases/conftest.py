"""Fixtures of the pathway tests: a coordinator, a specialist, a household with a case."""

import pytest
from django.utils import timezone

from ambito.cases import services
from tests.factories import HouseholdMemberFactory, UserFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded scans and documents go to a temporary folder, never the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator(zone_a, municipality_a):
    return UserFactory(
        username="coord", zone=zone_a, roles=["coordinator"], municipalities=[municipality_a]
    )


@pytest.fixture
def specialist(zone_a, municipality_a):
    return UserFactory(username="ufsma", zone=zone_a, roles=["specialist"])


@pytest.fixture
def tutor(zone_a):
    return UserFactory(username="tutor", zone=zone_a, roles=["third_sector"])


@pytest.fixture
def household_a(municipality_a, person_a):
    return HouseholdMemberFactory(household__municipality=municipality_a, person=person_a).household


@pytest.fixture
def case_a(social_worker_a, person_a, household_a):
    """A new case of zone A (municipality A), opened by its social worker."""
    return services.case_open(actor=social_worker_a, person=person_a)


@pytest.fixture
def assigned_case(case_a, coordinator, social_worker_a):
    return services.case_assign(actor=coordinator, case=case_a, manager=social_worker_a)


@pytest.fixture
def social_project_case(assigned_case, social_worker_a):
    """The assigned case past card A (social outcome), where a project is written."""
    case = services.case_transition(
        actor=social_worker_a, case=assigned_case, name="start_pre_assessment"
    )
    services.pre_assessment_record(
        actor=social_worker_a,
        case=case,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "y",
            "outcome": "social_only",
        },
    )
    return services.case_transition(actor=social_worker_a, case=case, name="to_social_project")
