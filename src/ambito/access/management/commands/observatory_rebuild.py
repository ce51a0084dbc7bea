"""`python -m ambito observatory_rebuild [--zone <code>]`: recompute the needs observatory's
monthly tallies from the contacts (after a bulk import or a restore)."""

from django.core.management.base import BaseCommand, CommandError

from ambito.access import tally
from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.territory.models import Zone


class Command(BaseCommand):
    help = (
        "Ricalcola dai singoli accessi i conteggi mensili dell'osservatorio dei bisogni, per un "
        "ambito o per tutti."
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
            rows = tally.rebuild(item)
            log_event(
                user=None,
                obj=item,
                action=EventAction.UPDATE,
                channel="cli",
                note="osservatorio ricalcolato",
                zone_id=item.pk,
            )
            self.stdout.write(f"{item.code}: {rows} righe di conteggio")
