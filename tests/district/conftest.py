"""The district services' cast, zone A, on 20 November 2026: the plan office (`planner`),
FNPS 2026 allocated € 10.000 to the zone, a home educational assistance line (ADM) outsourced
to the Cooperativa Aurora at € 25,00 an hour with its operator, a job placement line (SIL) run
directly at € 20,00, and the cases of Mario Rossi (social worker A) and Giulia Bianchi
(social worker B)."""

from decimal import Decimal

import pytest
from freezegun import freeze_time

from ambito.cases import services as cases
from ambito.district.services import lines
from ambito.planning import services as planning
from ambito.planning.models import FundSource
from tests.factories import HouseholdMemberFactory, OrganisationFactory, UserFactory

YEAR = 2026
TODAY = "2026-11-20 10:00"


@pytest.fixture(autouse=True)
def _today():
    with freeze_time(TODAY):
        yield


@pytest.fixture
def coordinator(zone_a, municipality_a):
    return UserFactory(
        username="coord", zone=zone_a, roles=["coordinator"], municipalities=[municipality_a]
    )


@pytest.fixture
def assembly(zone_a):
    return UserFactory(username="assemblea", zone=zone_a, roles=["assembly"])


@pytest.fixture
def fnps():
    return FundSource.objects.get(code="FNPS")


@pytest.fixture
def allocation(planner, fnps):
    return planning.allocation_add(
        actor=planner, fund=fnps, year=YEAR, amount="10000", act="Decreto FNPS 2026"
    )


@pytest.fixture
def aurora(zone_a):
    return OrganisationFactory(zone=zone_a, kind="provider", name="Cooperativa Aurora")


@pytest.fixture
def aurora_operator(zone_a, aurora):
    return UserFactory(
        username="op_aurora", zone=zone_a, roles=["third_sector"], organisation=aurora
    )


@pytest.fixture
def other_operator(zone_a):
    borgo = OrganisationFactory(zone=zone_a, kind="provider", name="Cooperativa Borgo")
    return UserFactory(username="op_borgo", zone=zone_a, roles=["third_sector"], organisation=borgo)


@pytest.fixture
def adm(planner, fnps, aurora, allocation):
    return lines.line_create(
        actor=planner, kind="adm", name="Assistenza domiciliare minori", provider=aurora,
        hourly_cost=Decimal("25.00"), fund=fnps, year=YEAR,
    )  # fmt: skip


@pytest.fixture
def sil(planner, fnps, allocation):
    return lines.line_create(
        actor=planner, kind="sil", name="Inserimento lavorativo", provider=None,
        hourly_cost=Decimal("20.00"), fund=fnps, year=YEAR,
    )  # fmt: skip


def _case(worker, person, municipality):
    HouseholdMemberFactory(household__municipality=municipality, person=person)
    with freeze_time("2026-01-10 09:00"):
        return cases.case_open(actor=worker, person=person)


@pytest.fixture
def case_a(social_worker_a, person_a, municipality_a):
    return _case(social_worker_a, person_a, municipality_a)


@pytest.fixture
def case_b(social_worker_b, person_b, municipality_b):
    return _case(social_worker_b, person_b, municipality_b)
