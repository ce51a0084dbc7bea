"""The work that runs by the clock, each as a background job (kinds registered below) that the
scheduler (schedule.py) queues once per slot:

- reminders, every morning: the notices of tasks due or overdue, interventions ending within
  INTERVENTION_WARNING_DAYS, API tokens expiring within TOKEN_WARNING_DAYS, agreements
  (network) ending within AGREEMENT_WARNING_DAYS for the zone's plan office, accreditations
  (providers) ending within ACCREDITATION_WARNING_DAYS for the plan office and the provider's
  operators; before the notices, the accreditations past their validity expire and the
  vouchers past theirs close (what they did not spend goes back to the budget and frees the
  waiting list, providers/services);
- retention, every night: what is kept only for a while is deleted (RETENTION below);
- the consistency check, every night: the observatory's tallies and the case milestones (read
  models kept by the services) compared with a recount from the records; any difference is
  reported to the zone's administrators and repaired by a rebuild.

Every job is idempotent: a notice is unique per user, subject and due date, a deletion of
what is already gone deletes nothing, a check of consistent data finds nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .kinds import JobKind, register
from .models import Job, Notice, NoticeKind

logger = logging.getLogger("ambito.jobs")

INTERVENTION_WARNING_DAYS = 30
TOKEN_WARNING_DAYS = 14
AGREEMENT_WARNING_DAYS = 60
ACCREDITATION_WARNING_DAYS = 60
# How long what is kept only for a while is kept (docs/operations.md, "Conservazione").
RETENTION = {
    "report_files_days": 7,  # generated report files: the job stays, its file goes
    "finished_jobs_days": 90,
    "read_notices_days": 90,
    "abandoned_uploads_days": 1,  # INPS lists previewed and never confirmed
    "login_records_days": 90,  # django-axes' records of logins: addresses and browsers
}


def _notify(rows: list[Notice]) -> int:
    before = Notice.objects.count()
    Notice.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Notice.objects.count() - before


def _today() -> dt.date:
    return timezone.localdate()


def task_notices(today: dt.date) -> list[Notice]:
    from ambito.cases.models import Task

    tasks = Task.objects.filter(
        done_at__isnull=True, due_on__lte=today + timedelta(days=1), case__closed_at__isnull=True
    ).select_related("case")
    rows = []
    for task in tasks:
        overdue = task.due_on < today
        when = "scaduta il" if overdue else "in scadenza il"
        rows.append(
            Notice(
                user_id=task.assignee_id,
                zone_id=task.case.zone_id,
                kind=NoticeKind.TASK_OVERDUE if overdue else NoticeKind.TASK_DUE,
                subject=f"task:{task.pk}",
                due_on=task.due_on,
                text=f"Cartella {task.case.number}: attività {when} {task.due_on:%d/%m/%Y}",
                url=reverse("cases:detail", args=[task.case.uuid]),
            )
        )
    return rows


def intervention_notices(today: dt.date) -> list[Notice]:
    from ambito.cases.models import CaseMember, CaseRole, Intervention

    ending = Intervention.objects.filter(
        status="active",
        end_on__gte=today,
        end_on__lte=today + timedelta(days=INTERVENTION_WARNING_DAYS),
        case__closed_at__isnull=True,
    ).select_related("case")
    managers: dict[int, list[int]] = {}
    for case_id, user_id in CaseMember.objects.filter(
        case__in=ending.values("case_id"),
        removed_at__isnull=True,
        role__in=[CaseRole.CASE_MANAGER, CaseRole.SOCIAL_WORKER],
    ).values_list("case_id", "user_id"):
        managers.setdefault(case_id, []).append(user_id)
    return [
        Notice(
            user_id=user_id,
            zone_id=intervention.case.zone_id,
            kind=NoticeKind.INTERVENTION_ENDING,
            subject=f"intervention:{intervention.uuid}",
            due_on=intervention.end_on,
            text=(
                f"Cartella {intervention.case.number}: un intervento termina il "
                f"{intervention.end_on:%d/%m/%Y}"
            ),
            url=reverse("cases:detail", args=[intervention.case.uuid]),
        )
        for intervention in ending
        for user_id in managers.get(intervention.case_id, [])
    ]


def token_notices(today: dt.date) -> list[Notice]:
    from ambito.core.models import ApiToken

    horizon = timezone.now() + timedelta(days=TOKEN_WARNING_DAYS)
    tokens = ApiToken.objects.filter(
        revoked_at__isnull=True, expires_at__gt=timezone.now(), expires_at__lte=horizon
    ).select_related("user")
    return [
        Notice(
            user_id=token.user_id,
            zone_id=token.user.zone_id,
            kind=NoticeKind.TOKEN_EXPIRING,
            subject=f"token:{token.uuid}",
            due_on=timezone.localdate(token.expires_at),
            text=f"Il token API «{token.name[:60]}» scade il {token.expires_at:%d/%m/%Y}",
            url=reverse("core:api_tokens"),
        )
        for token in tokens
    ]


def agreement_notices(today: dt.date) -> list[Notice]:
    """Every user of the zone who manages the network (the plan office) is warned of each
    agreement ending within AGREEMENT_WARNING_DAYS, neither renewed nor terminated."""
    from ambito.network.selectors.agreements import expiring_rows

    ending = list(expiring_rows(today, AGREEMENT_WARNING_DAYS).select_related("organisation"))
    managers = _zone_managers({agreement.zone_id for agreement in ending}, "network.manage_network")
    return [
        Notice(
            user_id=user_id,
            zone_id=agreement.zone_id,
            kind=NoticeKind.AGREEMENT_EXPIRING,
            subject=f"agreement:{agreement.uuid}",
            due_on=agreement.ends_on,
            text=(
                f"La convenzione {agreement.number[:40]} con {agreement.organisation.name[:100]} "
                f"scade il {agreement.ends_on:%d/%m/%Y}"
            )[:240],
            url=reverse("network:agreement", args=[agreement.uuid]),
        )
        for agreement in ending
        for user_id in managers.get(agreement.zone_id, [])
    ]


def _zone_managers(zone_ids, perm: str) -> dict[int, list[int]]:
    """The active users of each zone who hold `perm` there."""
    from ambito.core.memberships import choose, zone_users

    managers: dict[int, list[int]] = {}
    for zone_id in zone_ids:
        for user in zone_users(zone_id).filter(is_active=True):
            choose(user, zone_id)  # their roles in this zone, not in their first one
            if user.has_perm(perm):
                managers.setdefault(zone_id, []).append(user.pk)
    return managers


def accreditation_notices(today: dt.date) -> list[Notice]:
    """The plan office and the provider's own operators are warned of each accreditation
    ending within ACCREDITATION_WARNING_DAYS (a renewal is applied for before it ends)."""
    from ambito.core.models import User
    from ambito.providers.selectors.accreditation import accreditations_expiring
    from ambito.territory.models import Zone

    ending = [
        application
        for zone_id in Zone.objects.values_list("pk", flat=True)
        for application in accreditations_expiring(
            zone_id, within_days=ACCREDITATION_WARNING_DAYS, today=today
        )
    ]
    managers = _zone_managers({a.zone_id for a in ending}, "providers.manage_providers")
    operators: dict[int, list[int]] = {}
    for user in User.objects.filter(
        is_active=True,
        organisation_id__in={a.provider.organisation_id for a in ending},
    ):
        operators.setdefault(user.organisation_id, []).append(user.pk)
    return [
        Notice(
            user_id=user_id,
            zone_id=application.zone_id,
            kind=NoticeKind.ACCREDITATION_EXPIRING,
            subject=f"accreditation:{application.uuid}",
            due_on=application.valid_until,
            text=(
                f"L'accreditamento di {application.provider.organisation.name[:90]} per "
                f"{application.scheme.title[:80]} scade il {application.valid_until:%d/%m/%Y}"
            )[:240],
            url=reverse("providers:application", args=[application.uuid]),
        )
        for application in ending
        for user_id in {
            *managers.get(application.zone_id, []),
            *operators.get(application.provider.organisation_id, []),
        }
    ]


def _expire_and_close(today: dt.date) -> tuple[int, int]:
    from ambito.providers.services.accreditation import expire_accreditations
    from ambito.providers.services.vouchers import close_expired_vouchers

    return expire_accreditations(today), close_expired_vouchers(today)


def run_reminders(context, *, actor=None) -> dict:
    today = _today()
    context.progress(0, None, "Accreditamenti scaduti e titoli sociali conclusi")
    expired, closed = _expire_and_close(today)
    counts = {}
    for label, build in (
        ("attività", task_notices),
        ("interventi", intervention_notices),
        ("token", token_notices),
        ("convenzioni", agreement_notices),
        ("accreditamenti", accreditation_notices),
    ):
        context.progress(0, None, f"Avvisi: {label}")
        counts[label] = _notify(build(today))
    return {
        "notices": counts,
        "expired_accreditations": expired,
        "closed_vouchers": closed,
        "summary": [
            f"Accreditamenti scaduti: {expired}",
            f"Titoli sociali conclusi alla scadenza: {closed}",
            *[f"Nuovi avvisi per {label}: {n}" for label, n in counts.items()],
        ],
    }


def _delete_old_uploads(before: dt.datetime) -> int:
    try:
        _, names = default_storage.listdir("imports")
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in names:
        path = f"imports/{name}"
        if default_storage.get_modified_time(path) < before:
            default_storage.delete(path)
            deleted += 1
    return deleted


def run_retention(context, *, actor=None) -> dict:
    from axes.models import AccessAttempt, AccessLog
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    days = RETENTION
    counts = {}
    context.progress(0, None, "Sessioni scadute")
    counts["sessioni"] = Session.objects.filter(expire_date__lt=now).delete()[0]
    context.progress(0, None, "File dei report")
    old_files = Job.objects.filter(
        finished_at__lt=now - timedelta(days=days["report_files_days"]), result__has_key="file"
    ).exclude(result__file="")
    files = 0
    for job in old_files:
        default_storage.delete(job.result["file"])
        job.result = {**job.result, "file": "", "summary": ["Il file è stato eliminato."]}
        job.save(update_fields=["result"])
        files += 1
    counts["file dei report"] = files
    context.progress(0, None, "Lavori terminati")
    counts["lavori"] = Job.objects.filter(
        finished_at__lt=now - timedelta(days=days["finished_jobs_days"])
    ).delete()[0]
    counts["righe della coda"] = DBTaskResult.objects.filter(
        finished_at__lt=now - timedelta(days=days["finished_jobs_days"])
    ).delete()[0]
    counts["avvisi letti"] = Notice.objects.filter(
        read_at__lt=now - timedelta(days=days["read_notices_days"])
    ).delete()[0]
    counts["file caricati e non importati"] = _delete_old_uploads(
        now - timedelta(days=days["abandoned_uploads_days"])
    )
    login_cutoff = now - timedelta(days=days["login_records_days"])
    counts["registrazioni degli accessi"] = (
        AccessLog.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
        + AccessAttempt.objects.filter(attempt_time__lt=login_cutoff).delete()[0]
    )
    return {
        "deleted": counts,
        "summary": [f"Eliminati ({label}): {n}" for label, n in counts.items()],
    }


def run_consistency(context, *, actor=None) -> dict:
    from ambito.access import tally
    from ambito.cases import milestones
    from ambito.core.audit import log_event
    from ambito.territory.models import Zone

    zones = list(Zone.objects.order_by("code"))
    found = {}
    for index, zone in enumerate(zones):
        context.progress(index, len(zones), f"Controllo di {zone.name}")
        tallies, cases = tally.differences(zone), milestones.differences(zone)
        if not (tallies or cases):
            continue
        found[zone.code] = {"tallies": tallies, "milestones": cases}
        # Counts only: which rows differ says nothing personal, but is not needed either.
        logger.warning(
            "consistency: zone %s tallies %d milestones %d differ", zone.code, tallies, cases
        )
        if tallies:
            tally.rebuild(zone)
        if cases:
            milestones.rebuild(zone)
        log_event(user=None, obj=zone, note="controllo di coerenza: ricalcolo", zone_id=zone.pk)
        _notify(_consistency_notices(zone, tallies, cases))
    summary = [
        f"{code}: {d['tallies']} conteggi dell'osservatorio e {d['milestones']} tappe delle "
        "cartelle diversi dal ricalcolo, ricalcolati"
        for code, d in found.items()
    ] or [f"Nessuna differenza in {len(zones)} ambiti."]
    return {"differences": found, "summary": summary}


def _consistency_notices(zone, tallies: int, cases: int) -> list[Notice]:
    from ambito.core.memberships import choose, zone_users

    today = _today()
    admins = []
    for user in zone_users(zone.pk):
        choose(user, zone.pk)  # their roles in this zone, not in their first one
        if user.has_perm("core.view_eventlog"):
            admins.append(user)
    return [
        Notice(
            user_id=user.pk,
            zone_id=zone.pk,
            kind=NoticeKind.CONSISTENCY,
            subject=f"consistency:{zone.pk}",
            due_on=today,
            text=(
                f"Controllo notturno: {tallies} conteggi dell'osservatorio e {cases} tappe delle "
                "cartelle non coincidevano con i dati e sono stati ricalcolati"
            ),
        )
        for user in admins
    ]


def _zone_rebuild(module: str, label: str):
    def run(context, *, actor=None, zone: str = "") -> dict:
        from importlib import import_module

        from ambito.territory.models import Zone

        rebuild = import_module(module).rebuild
        zones = list(Zone.objects.filter(Q(code=zone) if zone else Q()).order_by("code"))
        rows = 0
        for index, each in enumerate(zones):
            context.progress(index, len(zones), f"{label}: {each.name}")
            rows += rebuild(each)
        return {"rows": rows, "summary": [f"{label}: {rows} righe in {len(zones)} ambiti"]}

    return run


register(JobKind("jobs.reminders", "Avvisi e promemoria del giorno", run_reminders))
register(JobKind("jobs.retention", "Conservazione: eliminazione dei dati scaduti", run_retention))
register(JobKind("jobs.consistency", "Controllo notturno di coerenza", run_consistency))
register(
    JobKind(
        "access.observatory_rebuild",
        "Ricalcolo dei conteggi dell'osservatorio",
        _zone_rebuild("ambito.access.tally", "Conteggi dell'osservatorio"),
    )
)
register(
    JobKind(
        "cases.milestones_rebuild",
        "Ricalcolo delle tappe delle cartelle",
        _zone_rebuild("ambito.cases.milestones", "Tappe delle cartelle"),
    )
)
