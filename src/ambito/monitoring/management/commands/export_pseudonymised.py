"""`python -m ambito export_pseudonymised --zone <code> --output <folder> [--as-of DATE]`:
the pseudonymised statistical export (monitoring/pseudonymise.py), logged."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.monitoring.pseudonymise import export
from ambito.monitoring.scope import ScopeError, resolve_scope


class Command(BaseCommand):
    help = "Esporta cartelle, interventi e domande pseudonimizzati per la statistica."

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="codice dell'ambito")
        parser.add_argument("--output", required=True, help="cartella in cui scrivere i file")
        parser.add_argument("--as-of", dest="as_of", help="data AAAA-MM-GG (default: oggi)")

    def handle(self, *args, **options):
        try:
            scope = resolve_scope(zone=options["zone"], as_of=options["as_of"])
        except ScopeError as error:
            raise CommandError(str(error), returncode=2) from None
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        files = export(zone=scope.zone, as_of=scope.as_of)
        for name, content in files.items():
            (folder / name).write_bytes(content)
        log_event(
            user=None,
            obj=scope.zone,
            action=EventAction.CREATE,
            note="esportazione pseudonimizzata",
            zone_id=scope.zone.pk,
            channel="cli",
        )
        self.stdout.write(f"Scritti {len(files)} file in {folder}.")
