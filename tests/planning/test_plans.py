import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ambito.planning import selectors, services
from ambito.planning.choices import ScheduleStatus
from ambito.planning.figures import schedule_status
from ambito.planning.models import Plan, PlanAction

from .conftest import action


def test_a_plan_period_must_be_ordered(planner):
    with pytest.raises(ValidationError):
        services.plan_create(
            actor=planner,
            kind="zone_plan",
            title="PdZ",
            period_start=dt.date(2008, 1, 1),
            period_end=dt.date(2006, 1, 1),
        )
    assert not Plan.objects.exists()


def test_the_plan_quarters_cover_its_period(plan):
    quarters = plan.quarters()
    assert quarters[0] == (2018, 4) and quarters[-1] == (2019, 4) and len(quarters) == 5


def test_an_action_outside_the_plan_period_is_refused(planner, objective):
    with pytest.raises(ValidationError) as error:
        action(planner, objective, "a1", "10", starts_on=dt.date(2020, 2, 1))
    assert "fuori dal periodo del piano" in error.value.message_dict["starts_on"][0]
    assert not PlanAction.objects.exists()


def test_an_action_code_is_unique_in_its_plan(planner, objective):
    action(planner, objective, "a1", "10")
    with pytest.raises(ValidationError) as error:
        action(planner, objective, "a1", "10")
    assert "già usato" in error.value.message_dict["code"][0]


def test_two_planners_editing_the_same_action_the_second_gets_a_conflict(planner, objective):
    created = action(planner, objective, "a1", "10")
    seen_by_first = seen_by_second = created.revision
    services.action_save(
        actor=planner, action=created, revision=seen_by_first, data={"title": "Nuovo titolo"}
    )
    with pytest.raises(ValidationError) as error:
        services.action_save(
            actor=planner, action=created, revision=seen_by_second, data={"amount": Decimal("20")}
        )
    assert "modificata da un altro utente" in error.value.message_dict["revision"][0]
    created.refresh_from_db()
    assert created.title == "Nuovo titolo" and created.amount == Decimal("10.00")


def test_a_quarter_outside_the_plan_is_refused(planner, objective):
    created = action(planner, objective, "a1", "10")
    with pytest.raises(ValidationError):
        services.schedule_set(actor=planner, action=created, year=2020, quarter=1, planned=True)


@pytest.mark.parametrize(
    ("quarters", "status"),
    [
        ([(2019, 1, True, ""), (2019, 2, True, "")], ScheduleStatus.NOT_STARTED),
        ([(2019, 1, True, "in_progress"), (2019, 2, True, "")], ScheduleStatus.ON_TIME),
        ([(2019, 1, True, "late")], ScheduleStatus.LATE),
        ([(2018, 4, True, ""), (2019, 1, True, "")], ScheduleStatus.LATE),  # Q4 2018 is over
        ([(2018, 4, True, "done"), (2019, 1, True, "done")], ScheduleStatus.DONE),
    ],
)
def test_schedule_status(quarters, status):
    assert schedule_status(quarters, today=dt.date(2019, 2, 10)) == status


def test_the_plan_page_highlights_late_actions(planner, plan, objective):
    late = action(planner, objective, "a1", "10")
    services.schedule_set(
        actor=planner, action=late, year=2019, quarter=1, planned=True, progress="late"
    )
    on_time = action(planner, objective, "b1", "10")
    services.schedule_set(actor=planner, action=on_time, year=2019, quarter=4, planned=True)
    page = selectors.plan_page(plan=plan, today=dt.date(2019, 2, 1))
    assert [r.action.code for r in page["late"]] == ["a1"]
    assert page["total"] == Decimal("20.00")


def test_a_closed_plan_is_not_edited(planner, plan, objective):
    services.plan_set_status(
        actor=planner, plan=plan, status="approved", approval_act="Del. 2/2019"
    )
    services.plan_set_status(actor=planner, plan=plan, status="in_execution")
    services.plan_set_status(actor=planner, plan=plan, status="closed")
    with pytest.raises(ValidationError):
        action(planner, objective, "z9", "10")


def test_approval_needs_the_act(planner, plan):
    with pytest.raises(ValidationError):
        services.plan_set_status(actor=planner, plan=plan, status="approved")


def test_another_zone_cannot_touch_the_plan(plan, social_worker_other_zone):
    with pytest.raises(PermissionDenied):
        services.objective_add(actor=social_worker_other_zone, plan=plan, code="9", title="x")


def test_a_new_version_copies_objectives_actions_and_schedule(planner, plan, objective):
    created = action(planner, objective, "a1", "10")
    services.schedule_set(actor=planner, action=created, year=2019, quarter=2, planned=True)
    copy = services.plan_new_version(actor=planner, plan=plan)
    assert copy.version == 2 and copy.previous == plan and copy.status == "draft"
    copied = PlanAction.objects.get(plan=copy)
    assert copied.code == "a1" and copied.quarters.get().planned
