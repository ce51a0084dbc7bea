import datetime as dt
from decimal import Decimal

import pytest

from ambito.planning import services
from ambito.planning.models import FundSource
from tests.factories import ConsortiumMemberFactory, OrganisationFactory


@pytest.fixture
def plan(planner):
    return services.plan_create(
        actor=planner,
        kind="programme",
        title="Programmazione povertà 2019",
        period_start=dt.date(2018, 10, 1),
        period_end=dt.date(2019, 12, 31),
    )


@pytest.fixture
def objective(planner, plan):
    return services.objective_add(
        actor=planner, plan=plan, code="1", title="Rafforzamento del servizio sociale"
    )


@pytest.fixture
def poverty_fund(db):
    return FundSource.objects.get(code="FP-QS")


@pytest.fixture
def allocation(planner, poverty_fund):
    return services.allocation_add(
        actor=planner,
        fund=poverty_fund,
        year=2018,
        amount=Decimal("593945.52"),
        act="Decreto di riparto, G.U. n. 55",
    )


def action(planner, objective, code="a1", amount="100000.00", override_reason="", **extra):
    return services.action_save(
        actor=planner,
        objective=objective,
        data={"code": code, "title": f"Azione {code}", "amount": Decimal(amount), **extra},
        override_reason=override_reason,
    )


@pytest.fixture
def members(zone_a):
    """Three members: 60%, 30% and 10% of the shares."""
    return [
        ConsortiumMemberFactory(
            zone=zone_a,
            organisation=OrganisationFactory(zone=zone_a, name=name, kind="other"),
            share=Decimal(share),
        )
        for name, share in (("Comune A", "60"), ("Comune B", "30"), ("Comune C", "10"))
    ]
