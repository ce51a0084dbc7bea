"""The public page of the charter's accredited providers (no login): per service, the
providers accredited today with their municipality, structures and validity. Organisation
names only, never a person; suspended, revoked and expired accreditations never appear."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ambito.territory.models import Zone

from ..selectors.accreditation import public_accredited


@require_GET
def accredited(request, zone_code):
    zone = Zone.objects.filter(code=zone_code).first()
    if zone is None:
        raise Http404("Ambito non trovato.")
    today = timezone.localdate()
    return render(
        request,
        "providers/public/accredited.html",
        {"zone": zone, "today": today, "services": public_accredited(zone, today)},
    )
