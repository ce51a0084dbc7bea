"""Pages of the emergency service (§6): the on-call operator's page (who is on call, free
places, open reports), the phone-friendly report form, the report's page with its response,
placement and hand-over, the shelters, the rota and the service's report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.forms import add_service_errors
from ambito.core.memberships import zone_users
from ambito.core.permissions import NotAllowed, allowed, working_zone
from ambito.core.workdays import zone_province

from . import reports, selectors, services
from .forms import (
    AcknowledgeForm,
    NotEmergencyForm,
    PersonFormSet,
    PlacementForm,
    RedirectForm,
    ReportFilterForm,
    ReportForm,
    RespondForm,
    ShiftForm,
)
from .models import Emergency, Placement, Shelter


def _crumbs(*items):
    return [("Pronto intervento", reverse("emergency:home")), *items]


def _emergency(request, uuid) -> Emergency:
    try:
        return selectors.emergency_get(user=request.user, uuid=uuid)
    except Emergency.DoesNotExist as missing:
        raise Http404 from missing


@login_required
@permission_required("emergency.view_emergency", raise_exception=True)
def home(request):
    user = request.user
    rows = selectors.availability(user=user)
    operator = allowed(user, "emergency.view_zone_emergencies")
    return render(
        request,
        "emergency/home.html",
        {
            "now": timezone.localtime(),
            "on_call": selectors.on_call_now(user=user),
            "free": selectors.free_by_type(rows),
            "open_emergencies": selectors.emergency_list(user=user, open_only=True, limit=30)
            if operator or allowed(user, "emergency.view_minor_emergencies")
            else [],
            "handovers": selectors.handovers_waiting(user=user),
            "today": timezone.localdate(),
            "breadcrumbs": [("Pronto intervento", None)],
        },
    )


def _person_rows(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.is_valid() and form.cleaned_data and not form.is_empty()
    ]


@login_required
@permission_required("emergency.add_emergency", raise_exception=True)
def report_create(request):
    form = ReportForm(request.POST or None, user=request.user)
    formset = PersonFormSet(request.POST or None, prefix="persona")
    person_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            emergency = services.emergency_report(
                actor=request.user,
                reported_at=data["reported_at"],
                reporter_kind=data["reporter_kind"],
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                municipality=data["municipality"],
                handover_municipality=data["handover_municipality"],
                location=data["location"],
                situation=data["situation"],
                criteria=data["criteria"],
                persons=_person_rows(formset),
            )
        except ValidationError as error:
            person_errors = add_service_errors(form, error, elsewhere=("persons",))
        else:
            messages.success(
                request,
                f"Segnalazione {emergency.number} registrata. Passaggio al servizio sociale "
                f"entro il {emergency.handover.due_on:%d/%m/%Y}.",
            )
            return redirect("emergency:detail", uuid=emergency.uuid)
    return render(
        request,
        "emergency/report_form.html",
        {
            "form": form,
            "formset": formset,
            "person_errors": person_errors,
            "breadcrumbs": _crumbs(("Nuova segnalazione", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


def _detail_context(request, emergency, **forms) -> dict:
    user = request.user
    context = selectors.emergency_page(user=user, emergency=emergency)
    rows = selectors.availability(user=user, include_closed=False)
    can_act = allowed(user, "emergency.change_emergency")
    handover = context["handover"]
    context.update(
        {
            "emergency": emergency,
            "can_act": can_act,
            "respond_form": forms.get("respond_form") or RespondForm(),
            "placement_form": forms.get("placement_form") or PlacementForm(availability=rows),
            "not_emergency_form": forms.get("not_emergency_form") or NotEmergencyForm(),
            "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
            "redirect_form": forms.get("redirect_form") or RedirectForm(user=user),
            "can_acknowledge": handover is not None
            and handover.acknowledged_at is None
            and allowed(user, "emergency.take_over_handover", handover),
            "breadcrumbs": _crumbs((f"Segnalazione {emergency.number}", None)),
        }
    )
    return context


@login_required
@permission_required("emergency.view_emergency", raise_exception=True)
def detail(request, uuid):
    emergency = _emergency(request, uuid)
    return render(request, "emergency/detail.html", _detail_context(request, emergency))


def _act(request, uuid, form, action, *, form_name: str, success: str):
    """Run a POSTed action on an emergency: success redirects to its page, a service error
    re-renders the page with the message on the form (422) and nothing written."""
    emergency = _emergency(request, uuid)
    if form.is_valid():
        try:
            action(emergency, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("emergency:detail", uuid=emergency.uuid)
    context = _detail_context(request, emergency, **{form_name: form})
    return render(request, "emergency/detail.html", context, status=422)


@login_required
@permission_required("emergency.change_emergency", raise_exception=True)
@require_POST
def respond(request, uuid):
    def action(emergency, data):
        services.emergency_respond(
            emergency=emergency, actor=request.user, measures=data["measures"], note=data["note"]
        )

    return _act(
        request,
        uuid,
        RespondForm(request.POST),
        action,
        form_name="respond_form",
        success="Interventi immediati registrati.",
    )


@login_required
@permission_required("emergency.add_placement", raise_exception=True)
@require_POST
def place(request, uuid):
    rows = selectors.availability(user=request.user, include_closed=False)
    form = PlacementForm(request.POST, availability=rows)

    def action(emergency, data):
        shelter = Shelter.objects.visible_to(request.user).filter(uuid=data["shelter"]).first()
        if shelter is None:
            raise ValidationError({"shelter": "Struttura non trovata in questo ambito."})
        services.placement_create(
            emergency=emergency,
            shelter=shelter,
            actor=request.user,
            place_type=data["place_type"],
            places=data["places"],
        )

    return _act(
        request, uuid, form, action, form_name="placement_form", success="Collocamento registrato."
    )


@login_required
@permission_required("emergency.change_emergency", raise_exception=True)
@require_POST
def not_emergency(request, uuid):
    def action(emergency, data):
        services.emergency_not_emergency(
            emergency=emergency,
            actor=request.user,
            reason=data["reason"],
            referred_to=data["referred_to"],
        )

    return _act(
        request,
        uuid,
        NotEmergencyForm(request.POST),
        action,
        form_name="not_emergency_form",
        success="Segnalazione chiusa come non emergenza.",
    )


@login_required
@permission_required("emergency.acknowledge_handover", raise_exception=True)
@require_POST
def acknowledge(request, uuid):
    from ambito.cases.models import Case

    def action(emergency, data):
        case = None
        if data["case_number"].strip():
            case = (
                Case.objects.visible_to(request.user)
                .filter(number=data["case_number"].strip())
                .first()
            )
            if case is None:
                raise ValidationError(
                    {"case_number": "Nessuna cartella con questo numero tra le tue."}
                )
        services.handover_acknowledge(
            handover=emergency.handover,
            actor=request.user,
            case=case,
            open_case=data["open_case"],
            note=data["note"],
        )

    return _act(
        request,
        uuid,
        AcknowledgeForm(request.POST),
        action,
        form_name="acknowledge_form",
        success="Passaggio preso in carico.",
    )


@login_required
@permission_required("emergency.view_emergency", raise_exception=True)
@require_POST
def redirect_handover(request, uuid):
    form = RedirectForm(request.POST, user=request.user)

    def action(emergency, data):
        services.handover_redirect(
            handover=emergency.handover, actor=request.user, municipality=data["municipality"]
        )

    return _act(
        request,
        uuid,
        form,
        action,
        form_name="redirect_form",
        success="Passaggio inviato al comune competente.",
    )


@login_required
@permission_required("emergency.change_placement", raise_exception=True)
@require_POST
def placement_end(request, uuid):
    placement = (
        Placement.objects.visible_to(request.user)
        .filter(uuid=uuid)
        .select_related("emergency")
        .first()
    )
    if placement is None:
        raise Http404
    try:
        services.placement_end(placement=placement, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Uscita registrata: i posti sono di nuovo liberi.")
    return redirect("emergency:detail", uuid=placement.emergency.uuid)


@login_required
@permission_required("emergency.view_shelter", raise_exception=True)
def shelters(request):
    rows = selectors.availability(user=request.user)
    return render(
        request,
        "emergency/shelters.html",
        {
            "rows": rows,
            "free": selectors.free_by_type(rows),
            "now": timezone.localtime(),
            "breadcrumbs": _crumbs(("Strutture di pronta accoglienza", None)),
        },
    )


def _week_start(value: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
@permission_required("emergency.view_oncallshift", raise_exception=True)
def rota(request):
    user = request.user
    start = _week_start(request.GET.get("dal"))
    can_edit = allowed(user, "emergency.add_oncallshift")
    form = None
    if can_edit:
        users = (
            zone_users(working_zone(user).pk)
            .filter(is_active=True)
            .order_by("last_name", "first_name")
        )
        form = ShiftForm(request.POST or None, users=users)
        if request.method == "POST" and form.is_valid():
            try:
                services.shift_add(actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Turno aggiunto.")
                return redirect(f"{reverse('emergency:rota')}?dal={start.isoformat()}")
    elif request.method == "POST":
        raise NotAllowed()
    days = 7
    return render(
        request,
        "emergency/rota.html",
        {
            "form": form,
            "shifts": selectors.rota(user=user, start=start, days=days),
            "gaps": selectors.rota_gaps(
                user=user, start=start, days=days, province=zone_province(working_zone(user))
            ),
            "on_call": selectors.on_call_now(user=user),
            "start": start,
            "end": start + dt.timedelta(days=days - 1),
            "previous": start - dt.timedelta(days=days),
            "next": start + dt.timedelta(days=days),
            "breadcrumbs": _crumbs(("Turni di reperibilità", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required("emergency.view_emergency_reports", raise_exception=True)
def report(request):
    user = request.user
    today = timezone.localdate()
    form = ReportFilterForm(request.GET or None, user=user)
    start, end, municipality = dt.date(today.year, 1, 1), today, None
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        municipality = form.cleaned_data["municipality"]
        if end < start:
            form.add_error("end", "La fine del periodo non può precedere l'inizio.")
            start, end = end, start
    # Figures of the zone in use (the view requires the report permission).
    data = reports.emergency_report(
        zone_ids=[working_zone(user).pk], start=start, end=end, municipality=municipality
    )
    if request.GET.get("formato") == "xlsx":
        log_access(user=user, action=AccessAction.EXPORT, object_type="emergency.report")
        response = HttpResponse(
            reports.report_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="pronto-intervento-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
        )
        return response
    query = request.GET.copy()
    query["formato"] = "xlsx"
    return render(
        request,
        "emergency/report.html",
        {
            "form": form,
            "report": data,
            "xlsx_query": query.urlencode(),
            "max_hour": max(data.by_hour) or 1,
            "breadcrumbs": _crumbs(("Report", None))
            if allowed(user, "emergency.view_emergency")
            else [("Report del pronto intervento", None)],
        },
    )
