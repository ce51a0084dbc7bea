"""The citizens' request form on the public charter (no login).

Abuse-safe: CSRF, a honeypot field, a rate limit per client and zone (in the service), no
HTML stored, and the same thank-you page whatever was sent, so the form reveals nothing about
who is known to the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from ambito.core.forms import add_service_errors
from ambito.core.ratelimit import client_ip
from ambito.territory.models import Zone

from . import selectors, services
from .forms import PublicRequestForm


def _client_ip(request) -> str:
    # The client's address, behind our TLS proxy too (settings.AMBITO_TRUSTED_PROXY_COUNT).
    return client_ip(request)


def _municipality(zone, value):
    """The municipality chosen (by its id in the form or the query string), or None."""
    value = str(value or "")
    if not value.isdigit():
        return None
    return selectors.zone_municipalities(zone.pk).filter(pk=value).first()


@never_cache
def request_form(request, zone_code):
    zone = get_object_or_404(Zone, code=zone_code)
    source = request.POST if request.method == "POST" else request.GET
    municipality = _municipality(zone, source.get("municipality") or source.get("comune"))
    if request.method == "POST" and "choose_municipality" in request.POST:
        # "Mostra i punti di accesso" without JavaScript: the same form, with the points of the
        # municipality chosen, what was typed kept, no errors (it is not a submission yet).
        form = PublicRequestForm(
            initial={k: v for k, v in request.POST.items() if k in PublicRequestForm.base_fields},
            zone=zone,
            municipality=municipality,
        )
        return render(request, "access/public_request.html", {"form": form, "zone": zone})
    if request.method == "GET" and municipality is not None:
        form = PublicRequestForm(
            initial={"municipality": municipality}, zone=zone, municipality=municipality
        )
    else:
        form = PublicRequestForm(request.POST or None, zone=zone, municipality=municipality)
    if request.method == "POST":
        if request.POST.get("website"):
            # A robot filled the hidden field: the same answer as a real request, nothing kept.
            return redirect("access_public:request_sent", zone_code=zone.code)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.callback_request_create(
                    zone=zone,
                    access_point=data["access_point"],
                    name=data["name"],
                    contact=data["contact"],
                    municipality=data["municipality"],
                    request_text=data["request_text"],
                    consent=data["consent"],
                    client_ip=_client_ip(request),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("access_public:request_sent", zone_code=zone.code)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "access/public_request.html", {"form": form, "zone": zone}, status=status
    )


def request_sent(request, zone_code):
    zone = get_object_or_404(Zone, code=zone_code)
    return render(request, "access/public_request_sent.html", {"zone": zone})
