"""`python -m ambito backup [--output DIR]`: the database and every stored file, in one folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ambito.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Crea un backup completo: il database (SQLite o PostgreSQL), tutti i file dell'archivio "
        "e un manifest.json con le righe di ogni tabella e i checksum SHA-256. Il backup è una "
        "cartella ambito-backup-<data> dentro --output."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="cartella in cui creare il backup (predefinita: <AMBITO_VAR_DIR>/backups)",
        )

    def handle(self, *args, output: Path | None, **options):
        output = output or Path(settings.VAR_DIR) / "backups"
        try:
            backup_create(output=output, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
