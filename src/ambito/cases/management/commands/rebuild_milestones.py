"""`python -m ambito rebuild_milestones [--zone <code>]`: recompute the case milestones the
monitoring reads (cases/milestones.py) from the records, after a bulk load or a restore."""

from django.core.management.base import BaseCommand, CommandError

from ambito.cases import milestones
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.territory.models import Zone


class Command(BaseCommand):
    help = (
        "Ricalcola dalle cartelle le tappe del percorso lette dal monitoraggio, per un ambito "
        "o per tutti."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", help="codice dell'ambito (predefinito: tutti)")

    def handle(self, *args, zone=None, **options):
        zones = Zone.objects.order_by("code")
        if zone:
            zones = zones.filter(code=zone)
            if not zones.exists():
                raise CommandError(f"Ambito «{zone}» non trovato.")
        for item in zones:
            cases = milestones.rebuild(item)
            log_event(
                user=None,
                obj=item,
                action=EventAction.UPDATE,
                channel="cli",
                note="tappe delle cartelle ricalcolate",
                zone_id=item.pk,
            )
            self.stdout.write(f"{item.code}: {cases} cartelle")
