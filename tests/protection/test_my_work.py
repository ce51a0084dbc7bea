"""On "Il mio lavoro" the court deadlines of the user's cases, soonest first, warned "in
scadenza" within 10 days and "scaduta" past the due date; the case page lists the orders
to the team only."""

import datetime as dt

import pytest
from django.utils import timezone

from ambito.protection.selectors.panels import case_panel, my_work_panel
from ambito.protection.services.orders import order_create
from tests.conftest import login

from .conftest import order_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadlines(case, social_worker_a):
    today = timezone.localdate()

    def make(reference, due):
        return order_create(
            actor=social_worker_a,
            case=case,
            **order_data(
                reference=reference,
                order_date=today - dt.timedelta(days=60),
                received_date=today - dt.timedelta(days=58),
                report_days=None,
                due_date=due,
            ),
        )

    return [
        make("RG 3/2026", today + dt.timedelta(days=40)),
        make("RG 2/2026", today + dt.timedelta(days=5)),
        make("RG 1/2026", today - dt.timedelta(days=3)),
    ]


def test_the_deadlines_come_soonest_first_with_their_warnings(deadlines, social_worker_a):
    panel = my_work_panel(social_worker_a)
    assert [o.reference for o in panel["orders"]] == ["RG 1/2026", "RG 2/2026", "RG 3/2026"]
    assert [o.deadline for o in panel["orders"]] == ["scaduta", "in_scadenza", "aperta"]
    assert (panel["overdue"], panel["due_soon"]) == (1, 1)


def test_the_home_page_shows_the_badges(client, deadlines, social_worker_a):
    login(client, social_worker_a)
    page = client.get("/cartelle/").content.decode()
    assert 'data-testid="my-court-deadlines"' in page
    assert ">scaduta<" in page and ">in scadenza<" in page


def test_the_child_protection_service_sees_the_zones_deadlines(deadlines, tutela):
    assert my_work_panel(tutela)["count"] == 3


def test_outside_the_team_nothing_is_shown(deadlines, colleague, zone_admin, case):
    assert my_work_panel(colleague) is None
    assert my_work_panel(zone_admin) is None
    assert case_panel(zone_admin, case, True) is None
    assert case_panel(colleague, case, True) is None


def test_the_case_panel_lists_the_orders_for_the_team(deadlines, social_worker_a, case):
    panel = case_panel(social_worker_a, case, True)
    assert len(panel["orders"]) == 3
    assert panel["can_add"] is True
