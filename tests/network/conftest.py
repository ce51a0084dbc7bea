"""The network's fixed cast: the plan office (planner), the assembly, two third-sector bodies
(A and B) with one operator each, a social worker and a coordinator of zone A, and another
zone's plan office. The pact of zone A has two lines; zone B has its own pact and line."""

import datetime as dt

import pytest

from ambito.planning import services as planning
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def pact(planner):
    return planning.plan_create(
        actor=planner,
        kind="pact",
        title="Patto territoriale di prova",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2028, 12, 31),
    )


@pytest.fixture
def line_1(planner, pact):
    return planning.objective_add(
        actor=planner, plan=pact, code="L1", title="Segretariato sociale per l'informazione"
    )


@pytest.fixture
def line_2(planner, pact):
    return planning.objective_add(
        actor=planner, plan=pact, code="L2", title="Pronto intervento sociale"
    )


@pytest.fixture
def planner_other_zone(zone_b):
    return UserFactory(zone=zone_b, roles=["planner"])


@pytest.fixture
def line_other_zone(planner_other_zone):
    other_pact = planning.plan_create(
        actor=planner_other_zone,
        kind="pact",
        title="Patto di un altro ambito",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2028, 12, 31),
    )
    return planning.objective_add(
        actor=planner_other_zone, plan=other_pact, code="L1", title="Segretariato sociale"
    )


@pytest.fixture
def body_a(zone_a, municipality_a):
    return OrganisationFactory(
        zone=zone_a,
        kind="third_sector",
        name="Associazione Alfa (prova)",
        municipality=municipality_a,
        legal_form="Organizzazione di volontariato (ODV)",
        runts_number="900000001",
        runts_section="a",
    )


@pytest.fixture
def body_b(zone_a, municipality_b):
    return OrganisationFactory(
        zone=zone_a,
        kind="third_sector",
        name="Cooperativa Beta (prova)",
        municipality=municipality_b,
        legal_form="Cooperativa sociale di tipo A",
        runts_number="900000002",
        runts_section="d",
    )


@pytest.fixture
def operator_a(zone_a, body_a):
    return UserFactory(zone=zone_a, organisation=body_a, roles=["third_sector"])


@pytest.fixture
def operator_b(zone_a, body_b):
    return UserFactory(zone=zone_a, organisation=body_b, roles=["third_sector"])


@pytest.fixture
def assembly_member(zone_a):
    return UserFactory(zone=zone_a, roles=["assembly"])


@pytest.fixture
def coordinator(zone_a, municipality_a, municipality_b):
    return UserFactory(
        zone=zone_a, roles=["coordinator"], municipalities=[municipality_a, municipality_b]
    )
