"""The public transparency page of a line of the pact (no login): what each organisation of
the network documented on the line, month by month, and what it returned to the territory.
Organisation names and figures only: this page reads no person and no user."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ambito.territory.models import Zone

from ..selectors import commitments as selectors


@require_GET
def line(request, zone_code, uuid):
    zone = Zone.objects.filter(code=zone_code).first()
    if zone is None:
        raise Http404("Ambito non trovato.")
    pact_line = selectors.pact_line(zone=zone, uuid=uuid)
    if pact_line is None:
        raise Http404("Linea non trovata.")
    every = request.GET.get("risultati") == "tutti"
    figures = selectors.line_transparency(
        line=pact_line, results_per_organisation=None if every else selectors.RESULTS_SHOWN
    )
    return render(
        request,
        "network/public/line.html",
        {
            "zone": zone,
            "line": pact_line,
            "figures": figures,
            "chart": figures.chart(),
            "every_result": every,
        },
    )
