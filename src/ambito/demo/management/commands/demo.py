"""`python -m ambito demo [--households N] [--seed S] [--reset]`: the demo data."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ambito.demo.accounts import demo_logins, format_logins
from ambito.demo.builder import build_demo, demo_delete, demo_exists
from ambito.demo.data import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DEMO_URL


class Command(BaseCommand):
    help = (
        "Crea i dati dimostrativi: tre ambiti dai documenti di partenza (SdS Pistoiese, "
        "Distretto di Crema, Piana di Lucca), persone e nuclei sintetici, un utente per ruolo. "
        "Se il demo esiste già non fa nulla, salvo --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--households",
            type=int,
            default=DEFAULT_HOUSEHOLDS,
            help=f"nuclei familiari sintetici per ambito (predefinito {DEFAULT_HOUSEHOLDS})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"seme dei numeri casuali: stesso seme, stessi dati (predefinito {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="cancella i dati demo esistenti (ambiti demo e utenti demo) e li ricrea",
        )

    def handle(self, *args, households: int, seed: int, reset: bool, **options):
        if households < 0:
            raise CommandError("--households non può essere negativo.")
        try:
            with transaction.atomic():  # all or nothing, the reset included
                if demo_exists() and not reset:
                    self.stdout.write(
                        "I dati demo esistono già: nessuna modifica "
                        "(usa --reset per cancellarli e ricrearli)."
                    )
                    self.stdout.write(format_logins(demo_logins(), DEMO_URL))
                    return
                if reset:
                    demo_delete(stdout=self.stdout)
                summary = build_demo(households_per_zone=households, seed=seed, stdout=self.stdout)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo creato in {summary['seconds']} s: {summary['persons']} persone, "
                f"{summary['households']} nuclei, {summary['isee_records']} ISEE, "
                f"{summary['users']} utenti (seme {seed})."
            )
        )
        self.stdout.write(format_logins(summary["logins"], DEMO_URL))
