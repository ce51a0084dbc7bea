"""`python -m ambito restore DIR [--verify-only]`: a backup back into an empty instance."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ambito.ops.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Ripristina un backup creato con `backup` in un'istanza vuota (database senza tabelle, "
        "archivio dei file senza i file del backup), dopo averne controllato i checksum; poi "
        "verifica righe per tabella e file. Con --verify-only controlla solo il backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="la cartella del backup")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="controlla l'integrità del backup senza ripristinare nulla",
        )

    def handle(self, *args, folder: Path, verify_only: bool, **options):
        try:
            if verify_only:
                backup_verify(folder, progress=self.stdout.write)
                self.stdout.write(
                    self.style.SUCCESS("Backup integro: nessun dato è stato scritto.")
                )
                return
            verification = backup_restore(folder, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for problem in verification.problems:
            self.stdout.write(self.style.ERROR(problem))
        if not verification.ok:
            raise CommandError(verification.summary())
        self.stdout.write(self.style.SUCCESS(verification.summary()))
