"""The demo's child protection in Crema, built on a small demo (ten households a zone): the
child-protection officer is in the team of every child-protection case, the orders cover every
deadline state, a report is drafted and one signed and delivered; the figures count them."""

import pytest
from django.utils import timezone

from ambito.core.models import User
from ambito.demo.builder import build_demo, demo_delete
from ambito.protection.models import CourtOrder, SocialReport, UvmMeeting
from ambito.protection.selectors.orders import deadline_figures, deadline_state
from ambito.protection.selectors.panels import my_work_panel

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = build_demo(households_per_zone=10, seed=7)
    yield summary
    with django_db_blocker.unblock():
        demo_delete()


def test_the_officer_sees_every_order_and_the_deadlines_on_her_home():
    officer = User.objects.get(username="tutela.crema")
    orders = list(CourtOrder.objects.visible_to(officer))
    assert len(orders) == 6
    states = {deadline_state(o, timezone.localdate()) for o in orders}
    assert {"scaduta", "in_scadenza", "aperta", "consegnata"} <= states
    panel = my_work_panel(officer)
    assert panel["overdue"] == 1 and panel["due_soon"] == 2


def test_one_report_is_drafted_and_two_delivered_one_of_them_late():
    assert SocialReport.objects.filter(status="draft").count() == 1
    delivered = SocialReport.objects.filter(status="delivered").select_related("order")
    assert sorted(r.on_time for r in delivered) == [False, True]
    assert all(r.signed_sha256 and r.signed_version.number == 2 for r in delivered)
    assert UvmMeeting.objects.exists()


def test_the_plan_office_of_crema_reads_the_figures():
    figures = deadline_figures(User.objects.get(username="ufficio.crema"))
    assert (figures.total.on_time, figures.total.late, figures.total.overdue) == (1, 1, 1)


def test_the_social_worker_of_pistoia_sees_none_of_crema():
    assert not CourtOrder.objects.visible_to(
        User.objects.get(username="assistente.pistoia")
    ).exists()
