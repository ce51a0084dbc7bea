import datetime as dt

import pytest
from django.utils import timezone

from ambito.cases.models import Case, InDepthAnalysis, Intervention, PreAssessment
from ambito.catalog.models import InterventionType
from ambito.measures.models import Application, Measure
from tests.factories import HouseholdMemberFactory, PersonFactory, PopulationFactory


@pytest.fixture
def populations(municipality_a, municipality_b):
    PopulationFactory(municipality=municipality_a, year=2024, population=50000)
    PopulationFactory(municipality=municipality_b, year=2024, population=5000)


_numbers = iter(range(1, 10_000))


def make_case(
    social_worker, municipality, *, opened=dt.date(2025, 1, 10), household=True, baby=False
):
    person = PersonFactory(residence_municipality=municipality, birth_date=dt.date(1985, 3, 1))
    home = None
    if household:
        home = HouseholdMemberFactory(
            household__municipality=municipality, person=person, start_date=dt.date(2020, 1, 1)
        ).household
        if baby:
            child = PersonFactory(
                residence_municipality=municipality, birth_date=opened - dt.timedelta(days=200)
            )
            HouseholdMemberFactory(
                household=home, person=child, relationship="child", start_date=child.birth_date
            )
    return Case.objects.create(
        number=f"2025/{next(_numbers):05d}",
        zone=municipality.zone,
        municipality=municipality,
        household=home,
        person=person,
        line="income_support",
        status="entry",
        source="direct",
        opened_at=timezone.make_aware(dt.datetime.combine(opened, dt.time(9))),
        created_by=social_worker,
    )


def pre_assessment(case, social_worker, held_on, outcome="social_only"):
    return PreAssessment.objects.create(
        case=case,
        held_on=held_on,
        social_worker=social_worker,
        cpi_consultant="",
        household_situation="-",
        needs="-",
        outcome=outcome,
        recorded_by=social_worker,
    )


def intervention(case, social_worker, start_on, code="A.1.c.2", status="active"):
    kind = InterventionType.objects.get(code=code)
    return Intervention.objects.create(
        case=case,
        intervention_type=kind,
        start_on=start_on,
        status=status,
        created_by=social_worker,
    )


def in_depth(case, social_worker, done_on):
    return InDepthAnalysis.objects.create(
        case=case,
        done_on=done_on,
        objectives="-",
        actions="-",
        timeline="-",
        recorded_by=social_worker,
    )


def positive_application(case, outcome_on, protocol):
    return Application.objects.create(
        zone=case.zone,
        measure=Measure.objects.get(code="ADI"),
        protocol=protocol,
        applicant=case.person,
        household=case.household,
        municipality=case.municipality,
        status="positive",
        status_on=outcome_on,
        case=case,
    )
