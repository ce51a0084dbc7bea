"""Operator pages of the service charter and the orientation helper (DOMAIN §2 §7).

Thin views: reads through selectors (scoped to the user's zone: another zone's service is a
404), writes through services (their Italian messages go back into the form)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from ambito.core.forms import add_service_errors
from ambito.core.permissions import working_zone
from ambito.registry import selectors as registry_selectors
from ambito.registry.models import Person

from . import eligibility, selectors, services
from .forms import OrientationForm, ServiceFilterForm, ServiceForm
from .models import Service

PAGE_SIZE = 25


def _crumbs(*items) -> list[tuple[str, str | None]]:
    return [("Carta dei servizi", reverse("catalog:list")), *items]


def _service_or_404(user, uuid) -> Service:
    try:
        return selectors.service_get(user=user, uuid=uuid)
    except Service.DoesNotExist:
        raise Http404("Servizio non trovato.") from None


@login_required
@permission_required("catalog.view_service", raise_exception=True)
def service_list(request):
    form = ServiceFilterForm(request.GET or None)
    filters = selectors.ServiceFilters()
    if form.is_valid():
        filters = selectors.ServiceFilters(
            need_area=form.cleaned_data["need_area"],
            status=form.cleaned_data["status"] or None,
            text=form.cleaned_data["q"],
        )
    page = Paginator(
        selectors.service_list(user=request.user, filters=filters), PAGE_SIZE
    ).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "catalog/service_list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "zone": working_zone(request.user),
            "breadcrumbs": [("Carta dei servizi", None)],
        },
    )


@login_required
@permission_required("catalog.view_service", raise_exception=True)
def service_detail(request, uuid):
    service = _service_or_404(request.user, uuid)
    return render(
        request,
        "catalog/service_detail.html",
        {
            "service": service,
            "access_points": selectors.with_hours(service.access_points.all()),
            "breadcrumbs": _crumbs((service.name, None)),
        },
    )


def _form_page(request, *, service: Service | None):
    zone = working_zone(request.user)
    form = ServiceForm(request.POST or None, instance=service, zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                service = services.service_create(
                    actor=request.user, zone=zone, data=form.service_data()
                )
                messages.success(request, "Servizio registrato come bozza.")
            else:
                services.service_update(
                    actor=request.user, service=service, data=form.service_data()
                )
                messages.success(request, "Servizio aggiornato.")
            return redirect("catalog:detail", uuid=service.uuid)
        except ValidationError as exc:
            add_service_errors(form, exc)
    title = "Nuovo servizio" if service is None else f"Modifica: {service.name}"
    crumbs = (
        _crumbs((title, None))
        if service is None
        else _crumbs(
            (service.name, reverse("catalog:detail", args=[service.uuid])), ("Modifica", None)
        )
    )
    return render(
        request,
        "catalog/service_form.html",
        {"form": form, "service": service, "title": title, "breadcrumbs": crumbs},
    )


@login_required
@permission_required("catalog.add_service", raise_exception=True)
def service_create(request):
    return _form_page(request, service=None)


@login_required
@permission_required("catalog.change_service", raise_exception=True)
def service_edit(request, uuid):
    return _form_page(request, service=_service_or_404(request.user, uuid))


def _status_change(request, uuid, action, done: str):
    service = _service_or_404(request.user, uuid)
    try:
        action(actor=request.user, service=service)
        messages.success(request, done)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("catalog:detail", uuid=service.uuid)


@require_POST
@login_required
@permission_required("catalog.change_service", raise_exception=True)
def service_publish(request, uuid):
    return _status_change(
        request, uuid, services.service_publish, "Servizio pubblicato sulla carta."
    )


@require_POST
@login_required
@permission_required("catalog.change_service", raise_exception=True)
def service_withdraw(request, uuid):
    return _status_change(
        request, uuid, services.service_withdraw, "Servizio ritirato dalla carta pubblica."
    )


@login_required
@permission_required("catalog.view_service", raise_exception=True)
def service_history(request, uuid):
    service = _service_or_404(request.user, uuid)
    return render(
        request,
        "catalog/service_history.html",
        {
            "service": service,
            "rows": selectors.service_history(service=service),
            "breadcrumbs": _crumbs(
                (service.name, reverse("catalog:detail", args=[service.uuid])), ("Storico", None)
            ),
        },
    )


@login_required
@permission_required("catalog.view_service", raise_exception=True)
def orientation(request):
    """The fiscal code travels by POST only: it never appears in a URL or a server log."""
    zone = working_zone(request.user)
    form = OrientationForm(request.POST or None, zone=zone)
    result = person = profile = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["fiscal_code"]:
            person = _person_by_code(request.user, data["fiscal_code"])
            if person is None:
                form.add_error(
                    "fiscal_code", "Nessuna persona con questo codice fiscale tra quelle visibili."
                )
            else:
                profile = eligibility.person_profile(person)
                result = eligibility.services_for_person(
                    user=request.user, person=person, need_areas=data["need_areas"]
                )
        else:
            result = eligibility.services_for(
                zone=zone,
                age=data["age"],
                municipality=data["municipality"],
                isee=data["isee"],
                need_areas=data["need_areas"],
            )
    eligible, excluded = result if result else ([], [])
    return render(
        request,
        "catalog/orientation.html",
        {
            "form": form,
            "searched": result is not None,
            "person": person,
            "profile": profile,
            "eligible": eligible,
            "excluded": excluded,
            "breadcrumbs": _crumbs(("Orientamento", None)),
        },
    )


def _person_by_code(user, code: str) -> Person | None:
    if not user.has_perm("registry.view_person"):
        return None
    found = registry_selectors.person_search(
        user=user, query=registry_selectors.PersonQuery(fiscal_code=code), limit=1
    )
    if not found:
        return None
    return registry_selectors.person_get(user=user, uuid=found[0].uuid, reason="orientamento")
