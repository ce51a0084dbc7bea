"""`python -m ambito hsds_export --zone <code> [--out DIR]`: the published charter of a zone in
Open Referral HSDS 3.0, one JSON file per record type."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ambito.catalog import hsds
from ambito.territory.models import Zone


class Command(BaseCommand):
    help = (
        "Esporta la carta dei servizi pubblicata di un ambito nel formato Open Referral "
        "HSDS 3.0: organization.json, service.json, location.json, service_at_location.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="codice dell'ambito")
        parser.add_argument("--out", default=".", help="cartella di destinazione (predefinita .)")

    def handle(self, *args, zone, out, **options):
        try:
            zone_obj = Zone.objects.get(code=zone)
        except Zone.DoesNotExist:
            raise CommandError(f"Ambito «{zone}» non trovato.") from None
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for name, records in hsds.export(zone_obj).items():
            path = folder / f"{name}.json"
            path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")
            self.stdout.write(f"{path}: {len(records)} record")
