"""The public page of the register on the zone's charter (no login): the listable workers
(enrolled, consent in force) with first name and initial, kind, and what the zone chose to show
(languages, municipalities, availability); the phone only with the worker's own consent. A zone
that does not publish its register has no such page (404)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ambito.territory.models import Zone

from ..selectors.register import public_workers, publication_of


@require_GET
def charter(request, zone_code):
    zone = Zone.objects.filter(code=zone_code).first()
    publication = publication_of(zone) if zone is not None else None
    if publication is None:
        raise Http404("Registro non pubblicato.")
    return render(
        request,
        "assistants/public/charter.html",
        {"zone": zone, "publication": publication, "workers": public_workers(zone)},
    )
