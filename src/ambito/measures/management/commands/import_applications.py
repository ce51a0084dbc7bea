"""`python -m ambito import_applications FILE --zone <code> --measure <code> [--dry-run]
[--map campo=Intestazione ...] [--user <username>]`: import an INPS list of applications.

Prints a progress bar while checking, then what would change (and the rows with errors, by
line, without personal data); writes only without --dry-run and only if no row has an error.
"""

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ambito.core.audit import audit_channel
from ambito.core.models import User
from ambito.core.permissions import NotAllowed
from ambito.measures.importer import FIELDS, commit_import, plan_import
from ambito.measures.models import Measure
from ambito.territory.models import Zone

BAR = 30


class Command(BaseCommand):
    help = "Importa un elenco INPS di domande (CSV o XLSX): verifica, anteprima, importazione."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--zone", required=True, help="codice dell'ambito")
        parser.add_argument("--measure", default="ADI", help="codice della misura (REI, RDC, ADI)")
        parser.add_argument("--dry-run", action="store_true", help="solo verifica e anteprima")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="CAMPO=COLONNA",
            help="colonna del file per un campo: " + ", ".join(FIELDS),
        )
        parser.add_argument(
            "--user", help="utente che importa (predefinito: un amministratore dell'ambito)"
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="importa con un lavoro in background e ne segue l'avanzamento",
        )

    def _progress(self, done: int, total: int) -> None:
        filled = BAR * done // max(total, 1)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR - filled)}] {done * 100 // max(total, 1):3d}% "
            f"{done:,}/{total:,} righe".replace(",", ".")
        )
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def handle(self, *args, file, zone, measure, dry_run, map, user, background=False, **options):
        try:
            zone_obj = Zone.objects.get(code=zone)
        except Zone.DoesNotExist:
            raise CommandError(f"Ambito «{zone}» non trovato.") from None
        try:
            measure_obj = Measure.objects.get(code=measure.upper())
        except Measure.DoesNotExist:
            raise CommandError(f"Misura «{measure}» non trovata.") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"File non trovato: {file}")
        names = {}
        for item in map:
            field, _, header = item.partition("=")
            names[field.strip()] = header.strip()
        actor = self._actor(zone_obj, user)
        if background and not dry_run:
            return self._background(actor, path, measure_obj, names)
        token = audit_channel.set("cli")
        try:
            plan = plan_import(
                zone=zone_obj,
                measure=measure_obj,
                file_name=path.name,
                content=path.read_bytes(),
                column_names=names,
                progress=self._progress,
            )
            counts = plan.counts
            self.stdout.write(
                f"Righe: {len(plan.results)} · nuove {counts['new']} · da aggiornare "
                f"{counts['update']} · invariate {counts['unchanged']} · con errori "
                f"{counts['error']}"
            )
            for row in plan.errors[:200]:
                self.stdout.write(f"  riga {row.line}: {' '.join(row.errors)}")
            if plan.errors:
                raise CommandError("Il file ha righe con errori: non è stato importato nulla.")
            if dry_run:
                self.stdout.write("Verifica senza importazione (--dry-run).")
                return
            outcome = commit_import(actor=actor, plan=plan)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        except NotAllowed as exc:
            raise CommandError(exc.public_message) from None
        finally:
            audit_channel.reset(token)
        self.stdout.write(
            f"Importate: {outcome.created} nuove, {outcome.updated} aggiornate, "
            f"{outcome.unchanged} invariate; persone registrate {outcome.persons_created}; "
            f"cartelle aperte {outcome.cases_opened}, collegate {outcome.cases_linked}."
        )

    def _background(self, actor, path, measure, names):
        """Queue the import as the page does, then follow it until a worker has done it."""
        from ambito.jobs.management.commands.jobs import Command as JobsCommand
        from ambito.jobs.services import job_start
        from ambito.measures import jobs

        job = job_start(
            actor=actor,
            kind=jobs.KIND,
            title=f"Importazione {measure.code}: {path.name}",
            params={
                "upload": jobs.store_upload([path.read_bytes()]),
                "file_name": path.name[:200],
                "measure": measure.code,
                "names": names,
            },
            zone_id=actor.zone_id,
        )
        self.stdout.write(f"In coda: {job.uuid} (lo esegue `python -m ambito db_worker`)")
        JobsCommand(stdout=self.stdout, stderr=self.stderr).follow(job)
        if job.status != "done":
            raise CommandError(job.error or job.get_status_display())
        for text in job.result.get("summary", []):
            self.stdout.write(f"  {text}")

    def _actor(self, zone, username):
        users = User.objects.filter(zone=zone, is_active=True)
        if username:
            actor = users.filter(username=username).first()
            if actor is None:
                raise CommandError(f"Utente «{username}» non trovato nell'ambito.")
        else:
            actor = next((u for u in users if u.has_perm("measures.import_applications")), None)
            if actor is None:
                raise CommandError("Nessun utente dell'ambito può importare: indica --user.")
        if not actor.has_perm("measures.import_applications"):
            raise CommandError("L'utente non ha il permesso di importare le domande.")
        return actor
