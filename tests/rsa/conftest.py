"""The RSA cast, zone A: the plan office (`planner`), a social worker with a case of Mario
Rossi, two managing bodies (`body_1` with its operator `body_user`, `body_2` with
`other_body_user`), two structures (RSA Uno, 2 beds, of body 1; RSA Due, of body 2), a score
sheet (health × 0.5, lives alone +10, caregiver absent +8, ISEE bands 10 / 5 / 0, penalty 5 for
an unjustified refusal, removed at the 2nd) and the fee rule (social part 100%; ISEE up to
€ 10.000: the municipality pays 70%, up to € 20.000 40%, over 0%)."""

import datetime as dt

import pytest

from ambito.cases import services as case_services
from ambito.rsa.services import applications as rsa
from ambito.rsa.services import config
from tests.factories import HouseholdMemberFactory, OrganisationFactory, PersonFactory, UserFactory

D = dt.date


@pytest.fixture
def coordinator(zone_a, municipality_a):
    return UserFactory(
        username="coord", zone=zone_a, roles=["coordinator"], municipalities=[municipality_a]
    )


@pytest.fixture
def body_1(zone_a, municipality_a):
    return OrganisationFactory(zone=zone_a, kind="structure", name="Fondazione Uno")


@pytest.fixture
def body_2(zone_a, municipality_a):
    return OrganisationFactory(zone=zone_a, kind="structure", name="Fondazione Due")


@pytest.fixture
def body_user(zone_a, body_1):
    return UserFactory(username="rsa1", zone=zone_a, organisation=body_1, roles=["third_sector"])


@pytest.fixture
def other_body_user(zone_a, body_2):
    return UserFactory(username="rsa2", zone=zone_a, organisation=body_2, roles=["third_sector"])


@pytest.fixture
def rsa_one(planner, municipality_a, body_1):
    return config.structure_create(
        actor=planner, name="RSA Uno", municipality=municipality_a, beds=2, body=body_1
    )


@pytest.fixture
def rsa_two(planner, municipality_a, body_2):
    return config.structure_create(
        actor=planner, name="RSA Due", municipality=municipality_a, beds=10, body=body_2
    )


@pytest.fixture
def sheet(planner):
    return config.sheet_create(
        actor=planner,
        title="Scheda 2025",
        valid_from=D(2025, 1, 1),
        health_weight="0.5",
        lives_alone_points=10,
        caregiver_absent_points=8,
        caregiver_present_points=0,
        isee_bands=[[10000, 10], [20000, 5], [None, 0]],
        isee_missing_points=0,
        refusal_effect="penalty",
        refusal_penalty=5,
        max_refusals=2,
    )


@pytest.fixture
def fee_rule(planner):
    return config.fee_rule_create(
        actor=planner,
        title="Regolamento distrettuale",
        valid_from=D(2025, 1, 1),
        social_part_percent=100,
        bands=[[10000, 70], [20000, 40], [None, 0]],
    )


@pytest.fixture
def case_a(social_worker_a, person_a, municipality_a):
    HouseholdMemberFactory(household__municipality=municipality_a, person=person_a)
    return case_services.case_open(actor=social_worker_a, person=person_a)


@pytest.fixture
def apply(planner, municipality_a, sheet, rsa_one, rsa_two):
    """An application without a case (from a contact) by the plan office."""

    def make(health=60, *, submitted=None, structures=None, person=None, **items):
        person = person or PersonFactory(residence_municipality=municipality_a)
        submitted = submitted or D(2025, 3, 1)
        return rsa.application_create(
            actor=planner,
            person=person,
            contact="Figlia, telefono",
            submitted_on=submitted,
            evaluated_on=submitted,
            health_score=health,
            structures=structures or [rsa_one, rsa_two],
            **items,
        )

    return make
