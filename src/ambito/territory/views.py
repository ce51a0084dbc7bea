"""Pages of the territory: the zone, its access points and its staff (DOMAIN §1).

Thin views: reads through selectors (scoped to the user's zone: another zone's object is a
404), writes through services (their Italian messages go back into the form)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.forms import add_service_errors
from ambito.core.permissions import working_zone

from . import selectors, services
from .forms import (
    AccessPointFilterForm,
    AccessPointForm,
    StaffFilterForm,
    StaffForm,
    YearForm,
    initial_from,
    opening_hours_formset,
    slots_of,
    staff_split_initial,
)
from .models import AccessPoint, Staff


def _crumbs(*items) -> list[tuple[str, str | None]]:
    return [("Territorio", reverse("territory:zone")), *items]


# --- the zone --------------------------------------------------------------------------------


@login_required
@permission_required("territory.view_zone", raise_exception=True)
def zone(request):
    years = selectors.population_years(user=request.user)
    year_form = YearForm(request.GET or None, years=years)
    year = year_form.cleaned_data["anno"] if year_form.is_valid() else None
    overview = selectors.zone_overview(user=request.user, year=year or None)
    if overview is None:
        raise Http404("Nessun ambito associato all'utente.")
    return render(
        request,
        "territory/zone.html",
        {
            "overview": overview,
            "year_form": year_form,
            "breadcrumbs": [("Territorio", None)],
        },
    )


# --- access points ---------------------------------------------------------------------------


@login_required
@permission_required("territory.view_accesspoint", raise_exception=True)
def access_point_list(request):
    zone = working_zone(request.user)
    form = AccessPointFilterForm(request.GET or None, zone=zone)
    municipality = kind = None
    if form.is_valid():
        municipality = form.cleaned_data["municipality"]
        kind = form.cleaned_data["kind"] or None
    access_points = selectors.access_point_list(
        user=request.user, municipality=municipality, kind=kind
    )
    return render(
        request,
        "territory/access_point_list.html",
        {
            "form": form,
            "access_points": access_points,
            "counts": selectors.access_point_counts(user=request.user),
            "filtered": municipality is not None or kind is not None,
            "breadcrumbs": _crumbs(("Punti di accesso", None)),
        },
    )


def _access_point_or_404(user, uuid) -> AccessPoint:
    try:
        return selectors.access_point_get(user=user, uuid=uuid)
    except AccessPoint.DoesNotExist:
        raise Http404("Punto di accesso non trovato.") from None


@login_required
@permission_required("territory.view_accesspoint", raise_exception=True)
def access_point_detail(request, uuid):
    access_point = _access_point_or_404(request.user, uuid)
    return render(
        request,
        "territory/access_point_detail.html",
        {
            "access_point": access_point,
            "hours": access_point.opening_hours.all(),
            "breadcrumbs": _crumbs(
                ("Punti di accesso", reverse("territory:access_points")),
                (access_point.name, None),
            ),
        },
    )


def _access_point_form_page(request, *, access_point: AccessPoint | None):
    zone = working_zone(request.user)
    initial = initial_from(access_point, AccessPointForm.Meta.fields) if access_point else None
    form = AccessPointForm(request.POST or None, zone=zone, initial=initial)
    hours = opening_hours_formset(request.POST or None, access_point=access_point)
    hours_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and hours.is_valid():
        data = {name: form.cleaned_data[name] for name in AccessPointForm.Meta.fields}
        try:
            if access_point is None:
                access_point = services.access_point_create(
                    actor=request.user, zone=zone, data=data, hours=slots_of(hours)
                )
                messages.success(request, "Punto di accesso registrato.")
            else:
                services.access_point_update(
                    actor=request.user, access_point=access_point, data=data, hours=slots_of(hours)
                )
                messages.success(request, "Punto di accesso aggiornato.")
        except ValidationError as exc:
            hours_errors = add_service_errors(form, exc, elsewhere=("hours",))
        else:
            return redirect("territory:access_point_detail", uuid=access_point.uuid)
    title = "Nuovo punto di accesso" if access_point is None else f"Modifica: {access_point.name}"
    crumbs = [("Punti di accesso", reverse("territory:access_points"))]
    if access_point is not None:
        crumbs.append(
            (access_point.name, reverse("territory:access_point_detail", args=[access_point.uuid]))
        )
    return render(
        request,
        "territory/access_point_form.html",
        {
            "form": form,
            "hours": hours,
            "hours_errors": hours_errors,
            "title": title,
            "access_point": access_point,
            "breadcrumbs": _crumbs(*crumbs, (title, None)),
        },
    )


@login_required
@permission_required("territory.add_accesspoint", raise_exception=True)
def access_point_create(request):
    return _access_point_form_page(request, access_point=None)


@login_required
@permission_required("territory.change_accesspoint", raise_exception=True)
def access_point_edit(request, uuid):
    return _access_point_form_page(request, access_point=_access_point_or_404(request.user, uuid))


# --- staff -----------------------------------------------------------------------------------


@login_required
@permission_required("territory.view_staff", raise_exception=True)
def staff_list(request):
    zone = working_zone(request.user)
    form = StaffFilterForm(request.GET or None, zone=zone)
    filters = {"municipality": None, "area": None, "profile": None}
    if form.is_valid():
        filters = {name: form.cleaned_data[name] or None for name in filters}
    return render(
        request,
        "territory/staff_list.html",
        {
            "form": form,
            "staff": selectors.staff_list(user=request.user, **filters),
            "summary": selectors.staff_summary(user=request.user),
            "filtered": any(filters.values()),
            "breadcrumbs": _crumbs(("Operatori", None)),
        },
    )


def _staff_form_page(request, *, staff: Staff | None):
    zone = working_zone(request.user)
    initial = (
        {**initial_from(staff, StaffForm.Meta.fields), **staff_split_initial(staff)}
        if staff
        else None
    )
    form = StaffForm(request.POST or None, zone=zone, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in StaffForm.Meta.fields}
        municipalities = data.pop("municipalities")
        hours = form.hours_split()
        try:
            if staff is None:
                services.staff_create(
                    actor=request.user,
                    zone=zone,
                    data=data,
                    municipalities=municipalities,
                    hours=hours,
                )
                messages.success(request, "Operatore registrato.")
            else:
                services.staff_update(
                    actor=request.user,
                    staff=staff,
                    data=data,
                    municipalities=municipalities,
                    hours=hours,
                )
                messages.success(request, "Operatore aggiornato.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("territory:staff")
    title = "Nuovo operatore" if staff is None else f"Modifica: {staff}"
    return render(
        request,
        "territory/staff_form.html",
        {
            "form": form,
            "title": title,
            "staff_member": staff,
            "breadcrumbs": _crumbs(("Operatori", reverse("territory:staff")), (title, None)),
        },
    )


def _staff_or_404(user, uuid) -> Staff:
    try:
        return selectors.staff_get(user=user, uuid=uuid)
    except Staff.DoesNotExist:
        raise Http404("Operatore non trovato.") from None


@login_required
@permission_required("territory.add_staff", raise_exception=True)
def staff_create(request):
    return _staff_form_page(request, staff=None)


@login_required
@permission_required("territory.change_staff", raise_exception=True)
def staff_edit(request, uuid):
    return _staff_form_page(request, staff=_staff_or_404(request.user, uuid))
