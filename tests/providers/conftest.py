"""The providers' fixed cast, zone A: the plan office (`planner`), a social worker with an
assigned case of Mario Rossi (`voucher_case`, ISEE € 8.500), two home-care providers (P1
accredited, P2 not) each with one operator, the charter's home-care service (ISEE ceiling
€ 20.000), the accreditation scheme for it (two requirements, € 20,00 an hour), FNPS 2026
allocated € 50.000 to the zone, and two voucher schemes on it: a home-care *voucher* of
€ 400 (20 hours) with a budget of € 1.000, and a *buono* of € 300 with a budget of € 600.

Rows a slice has no service for yet are created here directly, then put on the ledger with
`ledger.refresh` as their service would."""

import datetime as dt
from decimal import Decimal

import pytest

from ambito.catalog.models import Service
from ambito.planning import ledger
from ambito.planning import services as planning
from ambito.planning.choices import LedgerOrigin
from ambito.planning.models import FundSource
from ambito.providers.models import (
    AccreditationApplication,
    AccreditationRequirement,
    AccreditationScheme,
    Provider,
    VoucherScheme,
)
from tests.factories import IseeRecordFactory, OrganisationFactory, UserFactory

YEAR = 2026


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def coordinator(zone_a, municipality_a):
    return UserFactory(
        username="coord", zone=zone_a, roles=["coordinator"], municipalities=[municipality_a]
    )


@pytest.fixture
def home_care(zone_a):
    return Service.objects.create(
        zone=zone_a,
        slug="assistenza-domiciliare",
        name="Assistenza domiciliare (voucher)",
        short_description="Aiuto a casa per anziani e persone non autosufficienti.",
        isee_max=Decimal("20000"),
        residence_required=True,
        status="published",
    )


@pytest.fixture
def fnps():
    return FundSource.objects.get(code="FNPS")


@pytest.fixture
def allocation(planner, fnps):
    return planning.allocation_add(
        actor=planner, fund=fnps, year=YEAR, amount="50000", act="Decreto FNPS 2026"
    )


@pytest.fixture
def accreditation_scheme(zone_a, home_care):
    scheme = AccreditationScheme.objects.create(
        zone=zone_a,
        title="Accreditamento assistenza domiciliare",
        service=home_care,
        validity_months=36,
        tariff=Decimal("20.00"),
        unit="hour",
        opens_on=dt.date(2026, 1, 1),
    )
    for position, text in enumerate(
        ("Autorizzazione al funzionamento", "Personale qualificato (OSS/ADB)"), start=1
    ):
        AccreditationRequirement.objects.create(scheme=scheme, position=position, text=text)
    return scheme


def _provider(zone, name, username):
    organisation = OrganisationFactory(zone=zone, kind="provider", name=name)
    provider = Provider.objects.create(zone=zone, organisation=organisation, mode="accredited")
    operator = UserFactory(
        username=username, zone=zone, roles=["third_sector"], organisation=organisation
    )
    return provider, operator


@pytest.fixture
def provider_1_and_operator(zone_a, home_care):
    provider, operator = _provider(zone_a, "Cooperativa Aurora", "op_aurora")
    provider.services.set([home_care])
    return provider, operator


@pytest.fixture
def provider_1(provider_1_and_operator):
    return provider_1_and_operator[0]


@pytest.fixture
def operator_1(provider_1_and_operator):
    return provider_1_and_operator[1]


@pytest.fixture
def provider_2_and_operator(zone_a):
    return _provider(zone_a, "Cooperativa Borgo", "op_borgo")


@pytest.fixture
def provider_2(provider_2_and_operator):
    return provider_2_and_operator[0]


@pytest.fixture
def operator_2(provider_2_and_operator):
    return provider_2_and_operator[1]


@pytest.fixture
def accreditation_1(zone_a, accreditation_scheme, provider_1, planner):
    """P1 accredited for three years from 1 January 2026."""
    return AccreditationApplication.objects.create(
        zone=zone_a,
        scheme=accreditation_scheme,
        provider=provider_1,
        state="accredited",
        decision_act="Determina 12/2026",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2028, 12, 31),
        created_by=planner,
    )


def _scheme(zone, **fields) -> VoucherScheme:
    scheme = VoucherScheme.objects.create(zone=zone, status="open", **fields)
    ledger.refresh(LedgerOrigin.VOUCHER_SCHEME, [scheme.pk])
    return scheme


@pytest.fixture
def home_care_scheme(zone_a, home_care, accreditation_scheme, fnps, allocation):
    return _scheme(
        zone_a,
        code="VDO",
        title="Voucher domiciliarità",
        kind="voucher",
        service=home_care,
        accreditation=accreditation_scheme,
        value=Decimal("400.00"),
        units=Decimal("20"),
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2027, 6, 30),
        fund=fnps,
        year=YEAR,
        budget=Decimal("1000.00"),
    )


@pytest.fixture
def buono_scheme(zone_a, home_care, fnps, allocation):
    return _scheme(
        zone_a,
        code="BSM",
        title="Buoni sociali mirati",
        kind="buono",
        service=home_care,
        value=Decimal("300.00"),
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31),
        fund=fnps,
        year=YEAR,
        budget=Decimal("600.00"),
    )


@pytest.fixture
def voucher_case(social_worker_a, person_a, household_a, coordinator):
    """Mario Rossi's case, managed by the social worker; his ISEE is € 8.500 in 2026."""
    from ambito.cases import services as cases

    IseeRecordFactory(person=person_a, value="8500.00")
    case = cases.case_open(actor=social_worker_a, person=person_a)
    return cases.case_assign(actor=coordinator, case=case, manager=social_worker_a)


@pytest.fixture
def household_a(municipality_a, person_a):
    from tests.factories import HouseholdMemberFactory

    return HouseholdMemberFactory(household__municipality=municipality_a, person=person_a).household
