"""Public pages of the service charter (no login): browse and search, one page per service,
access points with opening hours, the printable PDF. Only PUBLISHED services, and nothing
personal: these pages read no person, contact or user."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from ambito.core.pdf import render_pdf
from ambito.core.ratelimit import public_limit
from ambito.territory.models import Zone

from . import charter_cache, selectors
from .forms import CharterSearchForm
from .models import Service


def _zone_or_404(code: str) -> Zone:
    try:
        return selectors.zone_public_get(code=code)
    except Zone.DoesNotExist:
        raise Http404("Ambito non trovato.") from None


@require_GET
def charter_index(request):
    """/carta/: the zones' public charters, each with a link to its own."""
    return render(request, "catalog/public/index.html", {"zones": selectors.public_zones()})


@require_GET
def charter_home(request, zone_code):
    zone = _zone_or_404(zone_code)
    form = CharterSearchForm(request.GET or None)
    text, area = "", None
    if form.is_valid():
        text, area = form.cleaned_data["q"], form.cleaned_data["area"]
    if text or area:  # a search: full-text queries, rate-limited per client address
        refused = public_limit(request, "charter-search")
        if refused is not None:
            return refused
    services = list(selectors.charter_search(zone=zone, text=text, need_area=area))
    return render(
        request,
        "catalog/public/home.html",
        {
            "zone": zone,
            "form": form,
            "services": services,
            "searched": bool(text or area),
        },
    )


@require_GET
def service_page(request, zone_code, slug):
    zone = _zone_or_404(zone_code)
    try:
        service = selectors.public_service_get(zone=zone, slug=slug)
    except Service.DoesNotExist:
        raise Http404("Servizio non trovato.") from None
    return render(
        request,
        "catalog/public/service.html",
        {
            "zone": zone,
            "service": service,
            "access_points": selectors.with_hours(service.access_points.all()),
            "documents": [
                line.strip().lstrip("-•").strip()
                for line in service.documents.splitlines()
                if line.strip().lstrip("-•").strip()
            ],
        },
    )


@require_GET
def access_points(request, zone_code):
    zone = _zone_or_404(zone_code)
    return render(
        request,
        "catalog/public/access_points.html",
        {"zone": zone, "access_points": selectors.public_access_points(zone)},
    )


@require_GET
def charter_pdf(request, zone_code):
    refused = public_limit(request, "charter-pdf")
    if refused is not None:
        return refused
    zone = _zone_or_404(zone_code)
    services = list(selectors.published_services(zone))
    for service in services:
        service.access_points_with_hours = selectors.with_hours(service.access_points.all())
    html = render_to_string(
        "catalog/public/charter_pdf.html",
        {"zone": zone, "services": services, "printed_on": timezone.localdate()},
        request=request,
    )
    base_url = request.build_absolute_uri("/")
    pdf = charter_cache.charter_pdf_bytes(
        zone_id=zone.pk, html=html, render=lambda: render_pdf(html, base_url)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="carta-dei-servizi-{zone.code}.pdf"'
    return response
