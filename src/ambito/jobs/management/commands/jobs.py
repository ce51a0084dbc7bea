"""`python -m ambito jobs ...`: background jobs from the command line.

jobs list [--status in_coda|...]     the latest jobs, with their state and progress
jobs show UUID [--follow]            one job; --follow prints its progress until it ends
jobs start KIND [--zone CODE]        queue a rebuild or a scheduled job by hand
jobs cancel UUID | jobs retry UUID   as the buttons of the job's page
jobs recover                         fail or requeue the jobs of dead workers now
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from ambito.core.permissions import NotAllowed
from ambito.jobs import kinds, services
from ambito.jobs.models import Job

BAR = 30
MANUAL_KINDS = (
    "access.observatory_rebuild",
    "cases.milestones_rebuild",
    "jobs.reminders",
    "jobs.retention",
    "jobs.consistency",
)


class _System:
    """The command line acts as the system (no user): it may cancel and retry any job."""

    pk = None
    zone_id = None

    def has_perm(self, perm):
        return True


def line(job: Job) -> str:
    progress = f" {job.done:,}/{job.total:,}".replace(",", ".") if job.total else ""
    return f"{job.uuid}  {job.get_status_display():<12} {job.title}  [{job.phase}{progress}]"


class Command(BaseCommand):
    help = "Lavori in background: elenco, avanzamento, avvio, annullamento, nuovo tentativo."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list")
        listing.add_argument("--limit", type=int, default=20)
        show = sub.add_parser("show")
        show.add_argument("uuid")
        show.add_argument("--follow", action="store_true")
        start = sub.add_parser("start")
        start.add_argument("kind", choices=MANUAL_KINDS)
        start.add_argument("--zone", default="")
        start.add_argument("--follow", action="store_true")
        for name in ("cancel", "retry"):
            sub.add_parser(name).add_argument("uuid")
        sub.add_parser("recover")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _job(self, uuid) -> Job:
        try:
            return Job.objects.get(uuid=uuid)
        except (Job.DoesNotExist, ValueError):
            raise CommandError(f"Lavoro «{uuid}» non trovato.") from None

    def _list(self, limit, **options):
        jobs = Job.objects.order_by("-created_at")
        total = jobs.count()
        for job in jobs[:limit]:
            self.stdout.write(line(job))
        if total > limit:
            self.stdout.write(f"… altri {total - limit} lavori (--limit per vederli).")

    def _show(self, uuid, follow=False, **options):
        job = self._job(uuid)
        if not follow:
            self.stdout.write(line(job))
        else:
            self.follow(job)
        if job.error:
            self.stdout.write(f"Errore: {job.error}")
        for text in job.result.get("summary", []) if isinstance(job.result, dict) else []:
            self.stdout.write(f"  {text}")

    def follow(self, job: Job) -> None:
        """A progress bar on stderr until the job ends."""
        while True:
            job.refresh_from_db()
            done, total = job.done, job.total or 0
            filled = BAR * done // total if total else 0
            percent = f"{done * 100 // total:3d}%" if total else "   "
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (BAR - filled)}] {percent} {job.phase[:60]:<60}"
            )
            sys.stderr.flush()
            if job.is_finished:
                sys.stderr.write("\n")
                break
            time.sleep(0.5)
        self.stdout.write(line(job))

    def _start(self, kind, zone="", follow=False, **options):
        params = {"zone": zone} if kind.endswith("_rebuild") else {}
        job = services.job_start(actor=None, kind=kind, title=kinds.get(kind).label, params=params)
        self.stdout.write(f"In coda: {job.uuid}")
        if follow:
            self.follow(job)

    def _cancel(self, uuid, **options):
        self._act(services.job_cancel, uuid)

    def _retry(self, uuid, **options):
        self._act(services.job_retry, uuid)

    def _act(self, service, uuid):
        try:
            job = service(actor=_System(), job=self._job(uuid))
        except NotAllowed as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(line(job))

    def _recover(self, **options):
        failed, requeued = services.recover_stale()
        self.stdout.write(f"Lavori interrotti: {failed} non riusciti, {requeued} di nuovo in coda.")
