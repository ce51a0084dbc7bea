"""The scheduled work with a frozen clock: what is due is queued once per slot however many
schedulers tick, and each job does what it says, once."""

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from ambito.jobs import schedule
from ambito.jobs.models import Job, Notice, ScheduledRun
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROME = dt.timezone(dt.timedelta(hours=1))  # December: CET


def at(hour, minute=0, day=4):
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=ROME)


def test_nothing_is_due_before_its_time_and_each_slot_is_queued_once():
    with freeze_time(at(2, 0)):
        assert schedule.tick() == []
    with freeze_time(at(3, 5)):
        assert schedule.tick() == ["retention", "consistency"]
        assert schedule.tick() == []  # a second scheduler, the same minute
    with freeze_time(at(7, 0)):
        assert schedule.tick() == ["reminders"]
    with freeze_time(at(2, 45, day=5)):
        assert schedule.tick() == ["retention"]  # the next day's slot
    assert ScheduledRun.objects.filter(name="retention").count() == 2
    assert Job.objects.filter(kind="jobs.retention", status="queued").count() == 2


def test_a_scheduler_that_was_down_catches_up_the_same_day():
    with freeze_time(at(11, 0)):
        assert schedule.tick() == ["retention", "consistency", "reminders"]


def test_reminders_notify_the_assignee_of_due_and_overdue_tasks_once(
    social_worker_a, person_a, run_jobs
):
    from ambito.cases import services as case_services
    from ambito.cases.models import Task

    with freeze_time(at(9, 0, day=1)):
        case = case_services.case_open(actor=social_worker_a, person=person_a)
        for due in (dt.date(2026, 12, 3), dt.date(2026, 12, 5), dt.date(2026, 12, 20)):
            Task.objects.create(
                case=case,
                title="Telefonare",
                due_on=due,
                assignee=social_worker_a,
                created_by=social_worker_a,
            )
    with freeze_time(at(6, 31)):
        schedule.tick()
        run_jobs()
        job = Job.objects.get(kind="jobs.reminders")
        assert job.status == "done", job.error
    notices = Notice.objects.filter(user=social_worker_a).order_by("due_on")
    assert [(n.kind, n.due_on.day) for n in notices] == [("task_overdue", 3), ("task_due", 5)]
    assert notices[0].text == f"Cartella {case.number}: attività scaduta il 03/12/2026"
    assert person_a.last_name not in notices[0].text
    # Run again (a retry, the next scheduler): nothing new.
    with freeze_time(at(6, 40)):
        from ambito.jobs.services import job_start

        job_start(actor=None, kind="jobs.reminders", title="di nuovo", params={})
        run_jobs()
    assert Notice.objects.filter(user=social_worker_a).count() == 2


def test_the_notices_page_lists_them_and_marks_them_read(client, social_worker_a, zone_a):
    notice = Notice.objects.create(
        user=social_worker_a,
        zone=zone_a,
        kind="task_due",
        subject="task:1",
        due_on=dt.date(2026, 12, 5),
        text="Cartella C-1: attività in scadenza il 05/12/2026",
    )
    other = UserFactory(zone=zone_a, roles=["social_worker"])
    client.force_login(other)
    assert "C-1" not in client.get("/lavori/avvisi/").content.decode()
    assert client.post(f"/lavori/avvisi/{notice.uuid}/letto/").status_code == 404
    client.force_login(social_worker_a)
    page = client.get("/lavori/avvisi/").content.decode()
    assert "05/12/2026" in page and "Segna come letto" in page
    assert '1<span class="visually-hidden"> non letti</span>' in page  # the header's count
    client.post(f"/lavori/avvisi/{notice.uuid}/letto/")
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "> non letti</span>" not in client.get("/lavori/avvisi/").content.decode()


def test_retention_deletes_what_has_expired_and_keeps_the_rest(social_worker_a, run_jobs):
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    with freeze_time(at(10, 0, day=1)):
        old = SessionStore()
        old.set_expiry(60)
        old.save()
        report = default_storage.save("reports/old.pdf", ContentFile(b"%PDF"))
        Job.objects.create(
            kind="monitoring.report",
            title="vecchio",
            status="done",
            finished_at=timezone.now(),
            result={"file": report},
            created_by=social_worker_a,
        )
    with freeze_time(at(2, 31, day=10)):
        fresh = SessionStore()
        fresh.save()
        schedule.tick()
        run_jobs()
        job = Job.objects.get(kind="jobs.retention")
        assert job.status == "done", job.error
    assert job.result["deleted"]["sessioni"] == 1
    assert job.result["deleted"]["file dei report"] == 1
    assert not default_storage.exists(report)
    assert SessionStore().exists(fresh.session_key)
    assert Job.objects.get(title="vecchio").file_name == ""


def test_the_nightly_check_finds_and_repairs_a_drifted_read_model(
    social_worker_a, zone_admin, person_a, run_jobs
):
    from ambito.cases import services as case_services
    from ambito.cases.models import CaseMilestones

    case = case_services.case_open(actor=social_worker_a, person=person_a)
    with freeze_time(at(3, 1)):
        schedule.tick()
        run_jobs()
    clean = Job.objects.get(kind="jobs.consistency")
    assert clean.result["differences"] == {} and not Notice.objects.exists()

    CaseMilestones.objects.filter(case=case).update(opened_on=dt.date(2000, 1, 1))  # drift
    with freeze_time(at(3, 1, day=5)):
        schedule.tick()
        run_jobs()
    job = Job.objects.filter(kind="jobs.consistency").latest("created_at")
    assert job.result["differences"] == {case.zone.code: {"tallies": 0, "milestones": 1}}
    assert CaseMilestones.objects.get(case=case).opened_on != dt.date(2000, 1, 1)  # repaired
    notice = Notice.objects.get(user=zone_admin, kind="consistency")
    assert "1 tappe delle cartelle" in notice.text
