"""The shape of the commands that recompute a read model from the records, zone by zone
(`observatory_rebuild`, `rebuild_milestones`): one zone by its code, or all; an unknown code
is an Italian error; each zone's rebuild is logged without personal data."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.territory.models import Zone


class ZoneRebuildCommand(BaseCommand):
    rebuild: Callable  # staticmethod(zone) -> rows written
    event_note: str  # what the event log says was done
    unit: str  # what the count printed for each zone is a count of

    def add_arguments(self, parser):
        parser.add_argument("--zone", help="codice dell'ambito (predefinito: tutti)")

    def handle(self, *args, zone=None, **options):
        zones = Zone.objects.order_by("code")
        if zone:
            zones = zones.filter(code=zone)
            if not zones.exists():
                raise CommandError(f"Ambito «{zone}» non trovato.")
        for item in zones:
            rows = self.rebuild(item)
            log_event(
                user=None,
                obj=item,
                action=EventAction.UPDATE,
                channel="cli",
                note=self.event_note,
                zone_id=item.pk,
            )
            self.stdout.write(f"{item.code}: {rows} {self.unit}")
