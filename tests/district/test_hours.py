"""Hours delivered on an intake: the cost is hours × the line's hourly cost, it lands on the
fund ledger under the district services' origin (planned and committed), and the fund's
residual is checked first. Bad hours are refused in Italian with nothing written."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.core.permissions import NotAllowed
from ambito.district.models import DistrictHours
from ambito.district.services import intakes as services
from ambito.planning import ledger
from ambito.planning import selectors as planning_selectors
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import FundMovement

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(social_worker_a, planner, adm, case_a):
    intake = services.intake_refer(
        actor=social_worker_a, case=case_a, line=adm, reason="Supporto educativo",
        hours_per_week="6", referred_on=dt.date(2026, 9, 1),
    )  # fmt: skip
    return services.intake_transition(actor=planner, intake=intake, name="admit", on="2026-09-15")


def _record(actor, intake, hours, on="2026-10-05", **kwargs):
    return services.hours_record(
        actor=actor, intake=intake, on=dt.date.fromisoformat(on), hours=hours,
        operator="Educatrice Neri", **kwargs,
    )  # fmt: skip


def _unchanged(intake):
    intake.refresh_from_db()
    return (
        intake.hours,
        intake.cost,
        DistrictHours.objects.count(),
        FundMovement.objects.filter(origin=LedgerOrigin.DISTRICT_HOURS).count(),
    )


def test_hours_cost_the_lines_hourly_rate_and_add_up_on_the_intake(planner, active):
    _record(planner, active, "3.5")
    month = _record(planner, active, "20", on="2026-10-31", period="month")

    active.refresh_from_db()
    assert (active.hours, active.cost) == (Decimal("23.50"), Decimal("587.50"))
    assert (month.date, month.cost) == (dt.date(2026, 10, 1), Decimal("500.00"))


def test_the_cost_is_on_the_fund_ledger_as_committed_under_the_district_origin(
    planner, active, fnps, zone_a
):
    _record(planner, active, "4")  # € 100
    _record(planner, active, "2")  # € 50

    cells = ledger.cells(zone_id=zone_a.pk, year=2026, fund_id=fnps.pk)[(fnps.pk, 2026)]
    assert cells[LedgerStage.COMMITTED][LedgerOrigin.DISTRICT_HOURS] == Decimal("150.00")
    assert cells[LedgerStage.PLANNED][LedgerOrigin.DISTRICT_HOURS] == Decimal("150.00")
    row = next(r for r in planning_selectors.fund_table(zone_id=zone_a.pk, year=2026))
    assert (row.allocated, row.committed, row.residual) == (
        Decimal("10000.00"), Decimal("150.00"), Decimal("9850.00"),
    )  # fmt: skip
    # The services and a rebuild from the sources agree.
    before = sorted(FundMovement.objects.values_list("origin", "origin_id", "stage", "amount"))
    ledger.rebuild(zone_ids=[zone_a.pk])
    assert (
        sorted(FundMovement.objects.values_list("origin", "origin_id", "stage", "amount")) == before
    )


def test_hours_beyond_the_funds_residual_are_refused_and_nothing_is_written(planner, active):
    _record(planner, active, "300", period="month")  # € 7.500 of € 10.000
    before = _unchanged(active)

    with pytest.raises(ValidationError) as error:
        _record(planner, active, "120", on="2026-11-06", period="month")  # € 3.000 more

    assert "ha un residuo di € 2.500,00" in error.value.message_dict["hours"][0]
    assert _unchanged(active) == before


def test_the_plan_office_may_exceed_the_residual_stating_why(planner, active):
    _record(planner, active, "390", period="month")
    record = _record(
        planner, active, "20", on="2026-10-06",
        override_reason="Delibera dell'Assemblea dei Sindaci n. 4/2026",
    )  # fmt: skip
    assert record.cost == Decimal("500.00")


@pytest.mark.parametrize(
    ("hours", "on", "period", "field", "text"),
    [
        ("-3", "2026-10-05", "day", "hours", "maggiore di zero"),
        ("25", "2026-10-05", "day", "hours", "al massimo 24 al giorno"),
        ("745", "2026-10-05", "month", "hours", "al massimo 24 al giorno"),
        ("3", "2026-11-21", "day", "on", "futura"),
        ("3", "2026-09-10", "day", "on", "precedere la presa in carico"),
        ("3", "2026-10-05", "week", "period", "giorno o di un mese"),
    ],
)
def test_bad_hours_are_refused_in_italian_and_nothing_is_written(
    planner, active, hours, on, period, field, text
):
    before = _unchanged(active)
    with pytest.raises(ValidationError) as error:
        _record(planner, active, hours, on=on, period=period)
    assert text in error.value.message_dict[field][0]
    assert _unchanged(active) == before


def test_hours_are_refused_on_a_waiting_or_closed_intake(
    social_worker_a, planner, adm, sil, case_a, active
):
    waiting = services.intake_refer(
        actor=social_worker_a, case=case_a, line=sil, reason="Tirocinio", hours_per_week="10"
    )
    with pytest.raises(ValidationError) as error:
        _record(planner, waiting, "2")
    assert "solo su una presa in carico attiva" in error.value.message_dict["intake"][0]

    services.intake_transition(actor=planner, intake=active, name="close", reason="Concluso")
    with pytest.raises(ValidationError):
        _record(planner, active, "2")
    assert not DistrictHours.objects.exists()


def test_the_providers_operator_records_hours_on_its_line_only(
    aurora_operator, other_operator, social_worker_a, active
):
    record = _record(aurora_operator, active, "2")
    assert record.recorded_by == aurora_operator

    with pytest.raises(NotAllowed) as refused:
        _record(other_operator, active, "2")
    assert refused.value.hide
    with pytest.raises(NotAllowed):
        _record(social_worker_a, active, "2")
    assert DistrictHours.objects.count() == 1
