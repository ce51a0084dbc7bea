"""Voucher schemes as configuration: a voucher needs an accreditation, a buono none; the budget
obeys the over-allocation rule of §9 (the fund year's residual on the ledger, or the portfolio
line it is part of) and never goes below what is committed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.core.permissions import NotAllowed
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import BudgetLine, FundMovement
from ambito.providers.models import VoucherScheme
from ambito.providers.services import vouchers as services

from .test_vouchers import issue

pytestmark = pytest.mark.django_db


def fields(service, fnps, **kwargs):
    data = {
        "code": "VSP",
        "title": "Voucher sperimentali",
        "kind": "buono",
        "service": service,
        "value": Decimal("250"),
        "valid_from": dt.date(2026, 1, 1),
        "valid_until": dt.date(2026, 12, 31),
        "fund": fnps,
        "year": 2026,
        "budget": Decimal("5000"),
        "decision_act": "Delibera 3/2026",
    }
    data.update(kwargs)
    return data


def planned(scheme):
    return FundMovement.objects.filter(
        origin=LedgerOrigin.VOUCHER_SCHEME, origin_id=scheme.pk, stage=LedgerStage.PLANNED
    ).values_list("amount", flat=True)


def test_the_plan_office_creates_a_scheme_and_its_budget_is_planned_on_the_ledger(
    planner, home_care, fnps, allocation
):
    scheme = services.scheme_create(actor=planner, **fields(home_care, fnps))
    assert scheme.status == "draft" and scheme.committed == 0
    assert list(planned(scheme)) == [Decimal("5000.00")]
    services.scheme_open(actor=planner, scheme=scheme)
    scheme.refresh_from_db()
    assert scheme.status == "open"


def test_a_voucher_kind_needs_an_accreditation_and_a_buono_has_none(
    planner, home_care, fnps, allocation, accreditation_scheme
):
    with pytest.raises(ValidationError) as error:
        services.scheme_create(actor=planner, **fields(home_care, fnps, kind="voucher"))
    assert "accreditamento" in error.value.message_dict["accreditation"][0]
    with pytest.raises(ValidationError) as error:
        services.scheme_create(
            actor=planner, **fields(home_care, fnps, accreditation=accreditation_scheme)
        )
    assert "non ha un sistema di accreditamento" in error.value.message_dict["accreditation"][0]
    assert not VoucherScheme.objects.exists()


def test_a_budget_over_the_funds_residual_is_refused(
    planner, home_care, fnps, allocation, home_care_scheme, buono_scheme
):
    # € 50.000 allocated, € 1.600 already planned by the two schemes.
    count = FundMovement.objects.count()
    with pytest.raises(ValidationError) as error:
        services.scheme_create(actor=planner, **fields(home_care, fnps, budget=Decimal("48500")))
    assert error.value.message_dict["amount"][0].startswith(
        "Il fondo «" + fnps.name + "» per il 2026 ha un residuo di € 48.400,00: la misura ne "
        "chiede € 48.500,00."
    )
    assert VoucherScheme.objects.count() == 2
    assert FundMovement.objects.count() == count
    services.scheme_create(actor=planner, **fields(home_care, fnps, budget=Decimal("48400")))


def test_raising_a_schemes_budget_leaves_its_own_budget_out_of_the_residual(
    planner, home_care_scheme, allocation
):
    services.scheme_update(actor=planner, scheme=home_care_scheme, budget=Decimal("50000"))
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.budget == Decimal("50000.00")
    with pytest.raises(ValidationError):
        services.scheme_update(actor=planner, scheme=home_care_scheme, budget=Decimal("50000.01"))


def test_a_scheme_on_a_portfolio_line_fits_in_the_line_less_the_other_schemes(
    planner, zone_a, home_care, fnps, allocation
):
    line = BudgetLine.objects.create(
        zone=zone_a, year=2026, service_area="Anziani", fund=fnps, amount=Decimal("3000")
    )
    ledger.refresh(LedgerOrigin.PORTFOLIO, [line.pk])
    first = services.scheme_create(
        actor=planner, **fields(home_care, fnps, budget=Decimal("2000"), budget_line=line)
    )
    assert list(planned(first)) == []  # the line plans the money, not the scheme
    with pytest.raises(ValidationError) as error:
        services.scheme_create(
            actor=planner,
            **fields(home_care, fnps, code="VS2", budget=Decimal("1500"), budget_line=line),
        )
    assert error.value.message_dict["budget"] == [
        "La voce del portafoglio «Anziani» (FNPS 2026) vale € 3.000,00, di cui € 2.000,00 già "
        "assegnati ad altre misure: restano € 1.000,00, la misura ne chiede € 1.500,00."
    ]


def test_the_budget_never_goes_below_what_is_committed(
    planner, social_worker_a, voucher_case, home_care_scheme
):
    issue(social_worker_a, voucher_case, home_care_scheme)
    with pytest.raises(ValidationError) as error:
        services.scheme_update(actor=planner, scheme=home_care_scheme, budget=Decimal("399"))
    assert "sotto quanto già impegnato" in error.value.message_dict["budget"][0]
    home_care_scheme.refresh_from_db()
    assert home_care_scheme.budget == Decimal("1000.00")


def test_raising_the_budget_releases_the_waiting_list(
    planner, social_worker_a, voucher_case, home_care_scheme
):
    services.scheme_update(actor=planner, scheme=home_care_scheme, budget=Decimal("300"))
    waiting = issue(social_worker_a, voucher_case, home_care_scheme)
    assert waiting.state == "waiting"
    services.scheme_update(actor=planner, scheme=home_care_scheme, budget=Decimal("1000"))
    waiting.refresh_from_db()
    assert waiting.state == "issued"


def test_only_the_plan_office_configures_schemes(
    social_worker_a, social_worker_other_zone, home_care, fnps, home_care_scheme
):
    with pytest.raises(NotAllowed):
        services.scheme_create(actor=social_worker_a, **fields(home_care, fnps))
    with pytest.raises(NotAllowed) as refusal:
        services.scheme_close(actor=social_worker_other_zone, scheme=home_care_scheme)
    assert refusal.value.hide
