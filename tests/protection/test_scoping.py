"""Court orders, their reports and the UVM meetings exist only for the child-protection service
and the case's team: a social worker of the same municipality outside the team, the
coordinator who sees the case, the zone administrator and the plan office get a 404 on the
order's page and in the API, exactly as for an order that does not exist."""

import pytest

from ambito.protection.models import CourtOrder
from ambito.protection.services import reports
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(order, social_worker_a, template):
    return reports.report_draft(actor=social_worker_a, order=order, template=template)


@pytest.mark.parametrize("who", ["colleague", "coordinator", "zone_admin", "planner"])
def test_outside_the_team_an_order_does_not_exist(client, request, order, report, who):
    user = request.getfixturevalue(who)
    login(client, user)
    assert CourtOrder.objects.visible_to(user).count() == 0
    assert client.get(f"/tutela-minori/provvedimenti/{order.uuid}/").status_code == 404
    assert client.get(f"/tutela-minori/relazioni/{report.uuid}/").status_code == 404
    assert client.get(f"/tutela-minori/relazioni/{report.uuid}/pdf/").status_code == 404
    assert client.get(f"/api/v1/tutela-minori/provvedimenti/{order.uuid}").status_code == 404
    assert client.get(f"/api/v1/tutela-minori/relazioni/{report.uuid}").status_code == 404
    signed = client.post(f"/api/v1/tutela-minori/relazioni/{report.uuid}/firma")
    assert signed.status_code == 404
    report.refresh_from_db()
    assert report.status == "draft"


def test_the_coordinator_sees_the_case_but_not_its_court_orders(client, case, order, coordinator):
    from ambito.cases.models import Case

    assert Case.objects.visible_to(coordinator).filter(pk=case.pk).exists()
    login(client, coordinator)
    listed = client.get("/api/v1/tutela-minori/provvedimenti?stato=tutti").json()
    assert listed["count"] == 0
    page = client.get(f"/cartelle/{case.uuid}/")
    assert page.status_code == 200
    assert b"case-court-orders" not in page.content


def test_another_zone_does_not_see_the_order(client, order, social_worker_other_zone):
    login(client, social_worker_other_zone)
    assert client.get(f"/tutela-minori/provvedimenti/{order.uuid}/").status_code == 404


def test_the_team_and_the_child_protection_service_see_the_order(
    client, order, social_worker_a, tutela
):
    for user in (social_worker_a, tutela):
        login(client, user)
        page = client.get(f"/tutela-minori/provvedimenti/{order.uuid}/")
        assert page.status_code == 200
        assert b"RG 123/2026" in page.content
        assert (
            client.get(f"/api/v1/tutela-minori/provvedimenti/{order.uuid}").json()["due_date"]
            == "2026-05-04"
        )


def test_a_colleague_added_to_the_team_sees_it_and_loses_it_when_removed(
    client, case, order, colleague, add_member
):
    from django.utils import timezone

    member = add_member(case, colleague)
    login(client, colleague)
    assert client.get(f"/tutela-minori/provvedimenti/{order.uuid}/").status_code == 200
    member.removed_at = timezone.now()
    member.save()
    assert client.get(f"/tutela-minori/provvedimenti/{order.uuid}/").status_code == 404


def test_outside_the_team_no_order_can_be_registered_on_the_case(client, case, colleague):
    login(client, colleague)
    assert (
        client.get(f"/tutela-minori/cartelle/{case.uuid}/provvedimenti/nuovo/").status_code == 404
    )
    created = client.post(
        "/api/v1/tutela-minori/provvedimenti",
        {
            "case": str(case.uuid),
            "authority": "tm",
            "kind": "decreto",
            "reference": "RG 1/2026",
            "order_date": "2026-04-01",
            "received_date": "2026-04-02",
            "subject": "Decreto",
            "report_days": 30,
        },
        content_type="application/json",
    )
    assert created.status_code == 404
    assert CourtOrder.objects.count() == 0


def test_the_plan_office_reads_the_figures_without_any_person(client, order, planner):
    login(client, planner)
    page = client.get("/tutela-minori/scadenze/")
    assert page.status_code == 200
    assert b"Rossi" not in page.content
    assert client.get("/tutela-minori/").status_code == 403
