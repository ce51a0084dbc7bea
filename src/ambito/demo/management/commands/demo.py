"""`python -m ambito demo [--households N] [--seed S] [--reset]`: the demo data."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ambito.demo.accounts import demo_logins, format_logins
from ambito.demo.builder import build_demo, demo_delete, demo_exists
from ambito.demo.data import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, DEMO_URL


def served_url(environ=None) -> str:
    """The address the closing line names: the HOST and PORT that `make run` passes to both
    this command and `runserver` (`make run PORT=8080`), else DEMO_URL (runserver's own
    default, for `python -m ambito runserver`)."""
    environ = os.environ if environ is None else environ
    default = urlsplit(DEMO_URL)
    host = environ.get("HOST", "").strip() or default.hostname
    # Listening on every address: the browser opens localhost.
    if host in ("0.0.0.0", "::"):  # noqa: S104 (a name compared, nothing bound)
        host = "127.0.0.1"
    port = environ.get("PORT", "").strip() or str(default.port)
    return f"http://{host}:{port}"


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
                    self.stdout.write(format_logins(demo_logins(), served_url()))
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
        self.stdout.write(format_logins(summary["logins"], served_url()))
