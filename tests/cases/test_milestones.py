"""The case milestones the monitoring reads: kept by the services as the pathway is recorded,
equal to a rebuild from the records, with working days counted on the zone's calendar."""

import datetime as dt
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from ambito.cases import milestones, services
from ambito.cases.models import CaseMilestones, EemmMember, EemmTeam
from ambito.catalog.models import InterventionType

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FIELDS = [f.attname for f in CaseMilestones._meta.concrete_fields]


def snapshot(case) -> dict:
    return CaseMilestones.objects.filter(case=case).values(*FIELDS).get()


def intervention(case, worker, code, start_on, status):
    return services.intervention_add(
        actor=worker,
        case=case,
        data={
            "intervention_type": InterventionType.objects.get(code=code),
            "start_on": start_on,
            "status": status,
        },
    )


@freeze_time("2025-07-15 10:00:00")
def test_the_services_keep_the_milestones_as_a_rebuild_would(
    social_worker_a, coordinator, person_a, household_a, zone_a
):
    opened = timezone.make_aware(dt.datetime(2025, 4, 10, 9))
    case = services.case_open(actor=social_worker_a, person=person_a, opened_at=opened)
    assert snapshot(case)["opened_on"] == dt.date(2025, 4, 10)
    assert snapshot(case)["household_key"] == household_a.pk
    case = services.case_assign(actor=coordinator, case=case, manager=social_worker_a)
    case = services.case_transition(actor=social_worker_a, case=case, name="start_pre_assessment")
    services.pre_assessment_record(
        actor=social_worker_a,
        case=case,
        data={
            "held_on": dt.date(2025, 4, 22),  # Tuesday after Easter Monday
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "y",
            "outcome": "complex",
        },
    )
    case = services.case_transition(actor=social_worker_a, case=case, name="to_eemm")
    team = EemmTeam.objects.create(zone=zone_a, name="EEMM")
    member = EemmMember.objects.create(team=team, name="A", institution="Ente", role="cpi")
    services.eemm_meeting_record(
        actor=social_worker_a,
        team=team,
        held_on=dt.date(2025, 5, 5),
        place="",
        attendees=[member],
        cases=[case],
        minutes="Verbale",
        decisions="Decisioni",
    )
    # 23, 24, 28, 29, 30 April, 2 and 5 May: 25 April and 1 May are holidays.
    assert snapshot(case)["days_pre_assessment_to_meeting"] == 7
    services.in_depth_record(
        actor=social_worker_a,
        case=case,
        data={
            "done_on": dt.date(2025, 5, 6),
            "objectives": "Lavoro",
            "actions": "Tirocinio",
            "needs_work": "Disoccupata",
        },
    )
    project = services.project_new_version(
        actor=social_worker_a,
        case=case,
        summary="Percorso",
        objectives=[{"text": "Lavoro", "indicator": "sì/no", "deadline": None}],
        commitments=[],
    )
    assert snapshot(case)["first_project_on"] == dt.date(2025, 7, 15)
    services.project_sign(
        actor=social_worker_a,
        project=project,
        signed_on=dt.date(2025, 7, 15),
        scan=SimpleUploadedFile("firmato.pdf", PDF, content_type="application/pdf"),
    )
    planned = intervention(case, social_worker_a, "B.2.b", dt.date(2025, 7, 22), "planned")
    assert snapshot(case)["first_intervention_on"] is None  # planned is not activated
    services.intervention_set_status(actor=social_worker_a, intervention=planned, status="active")
    intervention(case, social_worker_a, "A.1.c.3", dt.date(2025, 7, 24), "active")

    kept = snapshot(case)
    assert kept["pre_assessment_on"] == dt.date(2025, 4, 22)
    assert kept["pre_assessment_outcome"] == "complex"
    assert kept["in_depth_on"] == dt.date(2025, 5, 6)
    assert kept["first_meeting_on"] == dt.date(2025, 5, 5)
    assert kept["first_signed_on"] == dt.date(2025, 7, 15)
    assert kept["first_intervention_on"] == dt.date(2025, 7, 22)
    assert kept["first_parenting_support_on"] == dt.date(2025, 7, 24)
    assert kept["days_signed_to_start"] == 5  # 16, 17, 18, 21, 22 July
    assert kept["days_outcome_to_pre_assessment"] is None  # no national measure
    assert milestones.rebuild(zone_a) == 1
    assert snapshot(case) == kept


def test_the_rebuild_command_by_zone_and_an_unknown_zone(zone_a, social_worker_a, person_a):
    case = services.case_open(actor=social_worker_a, person=person_a)
    CaseMilestones.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_milestones", zone=zone_a.code, stdout=out)
    assert f"{zone_a.code}: 1 cartelle" in out.getvalue()
    assert snapshot(case)["household_key"] == -person_a.pk  # no household: minus the person
    with pytest.raises(CommandError, match="Ambito «nessuna» non trovato"):
        call_command("rebuild_milestones", zone="nessuna")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_writes_on_one_case_at_the_same_moment_both_reach_the_milestones(
    social_worker_a, person_a, zone_a
):
    """`intervention_set_status` does not lock the case itself: the refresh does, so whichever
    transaction commits second computes with what the first saved."""
    case = services.case_open(actor=social_worker_a, person=person_a)
    planned = intervention(case, social_worker_a, "B.2.b", dt.date(2025, 7, 22), "planned")
    barrier = threading.Barrier(2)
    errors = []

    def run(write):
        try:
            barrier.wait()
            write()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    writes = [
        lambda: services.intervention_set_status(
            actor=social_worker_a, intervention=planned, status="active"
        ),
        lambda: intervention(case, social_worker_a, "A.1.c.3", dt.date(2025, 7, 24), "active"),
    ]
    threads = [threading.Thread(target=run, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    kept = snapshot(case)
    assert kept["first_intervention_on"] == dt.date(2025, 7, 22)
    assert kept["first_parenting_support_on"] == dt.date(2025, 7, 24)
    milestones.rebuild(zone_a)
    assert snapshot(case) == kept
