"""The child-protection cast, zone A: the district's child-protection service (`tutela`,
whole zone), a case of the Rossi household (municipality A) with a minor, Sofia, managed by
social_worker_a (the case's team), a colleague of the same municipality outside the team, a
coordinator of municipality A (who sees the case, not its court orders), and a report
template of the zone."""

import datetime as dt

import pytest

from ambito.cases import services as cases
from ambito.cases.models import CaseMember
from ambito.protection.models import ReportTemplate
from ambito.protection.services import orders as order_services
from tests.factories import HouseholdMemberFactory, PersonFactory, UserFactory

TEMPLATE_BODY = (
    "Relazione sul minore {{ minore.nome_completo }}, nato/a il {{ minore.data_nascita }}.\n"
    "Cartella {{ cartella.numero }}, case manager {{ cartella.case_manager }}.\n"
    "In riferimento al {{ provvedimento.tipo }} {{ provvedimento.rg }} del "
    "{{ provvedimento.data }} ({{ provvedimento.autorita }}).\n"
    "Nucleo:{% for p in nucleo %} {{ p.nome_completo }} ({{ p.relazione }}){% endfor %}.\n"
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator(zone_a, municipality_a):
    return UserFactory(
        username="coord", zone=zone_a, roles=["coordinator"], municipalities=[municipality_a]
    )


@pytest.fixture
def tutela(zone_a):
    return UserFactory(
        username="tutela", first_name="Giulia", last_name="Ferla", zone=zone_a,
        roles=["child_protection"],
    )  # fmt: skip


@pytest.fixture
def colleague(zone_a, municipality_a):
    """A social worker of the same municipality, not in the case's team."""
    return UserFactory(
        username="collega", zone=zone_a, roles=["social_worker"], municipalities=[municipality_a]
    )


@pytest.fixture
def household(municipality_a, person_a):
    return HouseholdMemberFactory(household__municipality=municipality_a, person=person_a).household


@pytest.fixture
def sofia(household, municipality_a):
    child = PersonFactory(
        residence_municipality=municipality_a,
        first_name="Sofia",
        last_name="Rossi",
        sex="F",
        birth_date=dt.date(2015, 4, 12),
    )
    HouseholdMemberFactory(household=household, person=child, relationship="child")
    return child


@pytest.fixture
def case(social_worker_a, coordinator, person_a, household, sofia):
    opened = cases.case_open(actor=social_worker_a, person=person_a)
    return cases.case_assign(actor=coordinator, case=opened, manager=social_worker_a)


def order_data(**overrides):
    data = {
        "authority": "tm",
        "kind": "indagine",
        "reference": "RG 123/2026 V.G.",
        "order_date": dt.date(2026, 4, 1),
        "received_date": dt.date(2026, 4, 3),
        "subject": "Indagine socio-familiare sulla minore.",
        "report_days": 30,
    }
    data.update(overrides)
    return data


@pytest.fixture
def order(case, social_worker_a, sofia):
    return order_services.order_create(
        actor=social_worker_a, case=case, minor=sofia, **order_data()
    )


@pytest.fixture
def template(zone_a):
    return ReportTemplate.objects.create(zone=zone_a, name="Indagine TM", body=TEMPLATE_BODY)


@pytest.fixture
def add_member():
    def add(case, user, role="social_worker"):
        return CaseMember.objects.create(case=case, user=user, role=role)

    return add
