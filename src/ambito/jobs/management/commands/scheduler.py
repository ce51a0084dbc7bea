"""`python -m ambito scheduler [--once]`: queue the scheduled jobs when they are due
(jobs/schedule.py) and recover the jobs of dead workers; `--once` does one round and exits."""

import signal
import sys

from django.core.management.base import BaseCommand

from ambito.jobs import schedule


class Command(BaseCommand):
    help = (
        "Mette in coda i lavori pianificati quando è il loro momento "
        "(avvisi, conservazione, controlli di coerenza)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="un solo giro, poi esce")

    def handle(self, *args, once=False, **options):
        if once:
            for name in schedule.tick():
                self.stdout.write(f"In coda: {name}")
            return
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        self.stdout.write(
            "Pianificatore avviato: "
            + ", ".join(f"{e.name} alle {e.at:%H:%M}" for e in schedule.SCHEDULE)
        )
        schedule.run_forever()
