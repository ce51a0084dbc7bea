"""Referrals to a district service and its intake list: the same inputs always give the same
order (priority, then referral date, then the earlier row), and the states follow the table."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ambito.district.models import DistrictIntake, IntakeTransition
from ambito.district.selectors import district as selectors
from ambito.district.services import intakes as services
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _refer(worker, case, line, *, priority=3, on="2026-10-01", reason="Supporto educativo"):
    return services.intake_refer(
        actor=worker, case=case, line=line, reason=reason, hours_per_week="6",
        priority=priority, referred_on=dt.date.fromisoformat(on),
    )  # fmt: skip


@pytest.fixture
def four_cases(social_worker_a, municipality_a, case_a):
    from tests.district.conftest import _case

    others = [
        _case(social_worker_a, PersonFactory(residence_municipality=municipality_a), municipality_a)
        for _ in range(3)
    ]
    return [case_a, *others]


def test_the_waiting_list_is_ordered_by_priority_then_referral_date_then_row(
    social_worker_a, adm, four_cases
):
    late_ordinary = _refer(social_worker_a, four_cases[0], adm, priority=3, on="2026-09-01")
    urgent = _refer(social_worker_a, four_cases[1], adm, priority=1, on="2026-10-15")
    tie_first = _refer(social_worker_a, four_cases[2], adm, priority=2, on="2026-10-01")
    tie_second = _refer(social_worker_a, four_cases[3], adm, priority=2, on="2026-10-01")

    order = [i.pk for i in services.waiting_list(adm)]

    assert order == [urgent.pk, tie_first.pk, tie_second.pk, late_ordinary.pk]
    assert [i.pk for i in services.waiting_list(adm)] == order
    assert selectors.waiting_position(tie_second) == 3
    shown = selectors.with_waiting(selectors.intakes_for(social_worker_a, line=adm))
    assert [(i.pk, i.position) for i in shown] == [(pk, n) for n, pk in enumerate(order, 1)]
    assert shown[-1].waiting_days == (dt.date(2026, 11, 20) - dt.date(2026, 9, 1)).days


def test_admitting_the_head_of_the_list_makes_it_active_and_records_the_wait(
    social_worker_a, planner, adm, case_a
):
    intake = _refer(social_worker_a, case_a, adm, on="2026-10-01")

    services.intake_transition(actor=planner, intake=intake, name="admit", on="2026-10-21")

    intake.refresh_from_db()
    assert intake.state == "active"
    assert intake.admitted_on == dt.date(2026, 10, 21)
    assert selectors.waiting_days(intake) == 20
    assert [t.name for t in intake.transitions.all()] == ["referral", "admit"]


def test_admitting_out_of_order_needs_a_reason(social_worker_a, planner, adm, four_cases):
    _refer(social_worker_a, four_cases[0], adm, priority=1)
    second = _refer(social_worker_a, four_cases[1], adm, priority=3)

    with pytest.raises(ValidationError) as error:
        services.intake_transition(actor=planner, intake=second, name="admit")
    assert "prima della lista" in str(error.value)
    second.refresh_from_db()
    assert second.state == "waiting"

    services.intake_transition(
        actor=planner, intake=second, name="admit", reason="Urgenza segnalata dalla scuola"
    )
    second.refresh_from_db()
    assert second.state == "active"


def test_closing_needs_a_reason_and_a_closed_intake_cannot_be_admitted(
    social_worker_a, planner, adm, case_a
):
    intake = _refer(social_worker_a, case_a, adm)
    services.intake_transition(actor=planner, intake=intake, name="admit")

    with pytest.raises(ValidationError) as error:
        services.intake_transition(actor=planner, intake=intake, name="close")
    assert error.value.message_dict["reason"] == ["Indica il motivo."]

    services.intake_transition(
        actor=planner, intake=intake, name="close", reason="Obiettivi raggiunti"
    )
    with pytest.raises(ValidationError) as error:
        services.intake_transition(actor=planner, intake=intake, name="admit")
    assert "non è possibile" in error.value.message_dict["name"][0]
    intake.refresh_from_db()
    assert (intake.state, intake.ended_on) == ("closed", dt.date(2026, 11, 20))


def test_a_case_waits_only_once_per_line(social_worker_a, adm, sil, case_a):
    _refer(social_worker_a, case_a, adm)
    _refer(social_worker_a, case_a, sil)

    with pytest.raises(ValidationError) as error:
        _refer(social_worker_a, case_a, adm)
    assert "già in lista" in error.value.message_dict["line"][0]
    assert DistrictIntake.objects.count() == 2


def test_a_bad_referral_is_refused_with_every_reason_and_nothing_written(
    social_worker_a, adm, case_a
):
    with pytest.raises(ValidationError) as error:
        services.intake_refer(
            actor=social_worker_a, case=case_a, line=adm, reason=" ", hours_per_week="-2",
            priority=9, referred_on=dt.date(2026, 12, 25),
        )  # fmt: skip

    assert set(error.value.message_dict) == {"reason", "hours_per_week", "priority", "referred_on"}
    assert "futuro" in error.value.message_dict["referred_on"][0]
    assert not DistrictIntake.objects.exists()
    assert not IntakeTransition.objects.exists()


def test_only_the_plan_office_admits(social_worker_a, adm, case_a):
    from ambito.core.permissions import NotAllowed

    intake = _refer(social_worker_a, case_a, adm)
    with pytest.raises(NotAllowed):
        services.intake_transition(actor=social_worker_a, intake=intake, name="admit")
    intake.refresh_from_db()
    assert intake.state == "waiting"
