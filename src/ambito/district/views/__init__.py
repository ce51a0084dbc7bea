"""Pages of the district services under /servizi-distrettuali/: the lines with their figures,
a line's intake list (waiting, in order, with the waiting time) and its active intakes, an
intake with its hours and cost, the referral from a case, and the report with its exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.audit import log_access, log_persons_shown
from ambito.core.forms import add_service_errors
from ambito.core.pdf import pdf_response
from ambito.core.permissions import NotAllowed, allowed, require

from ..choices import IntakeState
from ..forms import HoursForm, LineForm, ReferForm, TransitionForm
from ..models import DistrictLine
from ..scoping import FIGURES, MANAGE, REFER
from ..selectors import district as selectors
from ..services import intakes as intake_services
from ..services import lines as line_services
from ..services.common import NOT_ALLOWED, is_manager
from ..workflow import NEEDS_REASON, available
from . import exports

VIEW_LINE = "district.view_districtline"
VIEW_INTAKE = "district.view_districtintake"


def _crumbs(*items):
    return [("Servizi distrettuali", reverse("district:lines")), *items]


def _line(request, uuid):
    line = selectors.line_for(request.user, uuid)
    if line is None:
        raise Http404
    return line


def _intake(request, uuid):
    intake = selectors.intake_for(request.user, uuid)
    if intake is None:
        raise Http404
    return intake


@login_required
@permission_required(VIEW_LINE, raise_exception=True)
def line_list(request):
    year = request.GET.get("anno", "")
    lines = selectors.lines_for(request.user, year=int(year) if year.isdigit() else None)
    return render(
        request,
        "district/lines.html",
        {
            "lines": lines,
            "can_manage": is_manager(request.user),
            "sees_costs": selectors.sees_costs(request.user),
            "sees_figures": allowed(request.user, FIGURES),
            "breadcrumbs": [("Servizi distrettuali", None)],
        },
    )


def _line_form(request, line=None):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)
    initial = {"year": timezone.localdate().year, "active": True}
    if line is not None:
        initial = {
            "kind": line.kind, "name": line.name, "provider": line.provider,
            "hourly_cost": line.hourly_cost, "fund": line.fund, "year": line.year,
            "description": line.description, "active": line.active,
        }  # fmt: skip
    form = LineForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if line is None:
                line = line_services.line_create(actor=request.user, **form.cleaned_data)
            else:
                line = line_services.line_update(actor=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Servizio «{line.name}» salvato.")
            return redirect("district:line", uuid=line.uuid)
    title = "Nuovo servizio distrettuale" if line is None else f"Modifica «{line.name}»"
    return render(
        request,
        "district/line_form.html",
        {"form": form, "title": title, "line": line, "breadcrumbs": _crumbs((title, None))},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW_LINE, raise_exception=True)
def line_add(request):
    return _line_form(request)


@login_required
@permission_required(VIEW_LINE, raise_exception=True)
def line_edit(request, uuid):
    return _line_form(request, _line(request, uuid))


@login_required
@permission_required(VIEW_LINE, raise_exception=True)
def line_detail(request, uuid):
    line = _line(request, uuid)
    intakes = selectors.with_waiting(selectors.intakes_for(request.user, line=line))
    log_persons_shown(
        user=request.user, rows=intakes, person_field="person",
        object_type="district.districtintake",
    )  # fmt: skip
    by_state = {state: [i for i in intakes if i.state == state] for state in IntakeState.values}
    return render(
        request,
        "district/line.html",
        {
            "line": line,
            "waiting": by_state[IntakeState.WAITING],
            "active": by_state[IntakeState.ACTIVE] + by_state[IntakeState.SUSPENDED],
            "ended": by_state[IntakeState.CLOSED] + by_state[IntakeState.REFUSED],
            "can_manage": is_manager(request.user),
            "sees_costs": selectors.sees_costs(request.user),
            "breadcrumbs": _crumbs((f"{line.name} {line.year}", None)),
        },
    )


def _sees_case(user, intake) -> bool:
    from ambito.cases.models import Case

    return Case.objects.visible_to(user).filter(pk=intake.case_id).exists()


def _intake_page(request, intake, *, hours_form=None, transition_form=None, status=200):
    user = request.user
    log_access(user=user, obj=intake, person=intake.person)
    manager = is_manager(user)
    can_record = intake.state == IntakeState.ACTIVE and (
        manager
        or (
            intake.line.provider_id is not None
            and user.organisation_id == intake.line.provider_id
            and allowed(user, "district.record_district_hours")
        )
    )
    return render(
        request,
        "district/intake.html",
        {
            "intake": intake,
            "position": selectors.waiting_position(intake),
            "waiting_days": selectors.waiting_days(intake),
            "hours": selectors.hours_of(user, intake),
            "transitions": intake.transitions.select_related("actor"),
            "actions": available(intake.state) if manager else [],
            "needs_reason": NEEDS_REASON,
            "can_record": can_record,
            "hours_form": hours_form or HoursForm(initial={"on": timezone.localdate()}),
            "transition_form": transition_form,
            "sees_costs": selectors.sees_costs(user) or can_record,
            "sees_case": _sees_case(user, intake),
            "breadcrumbs": _crumbs(
                (
                    f"{intake.line.name} {intake.line.year}",
                    reverse("district:line", args=[intake.line.uuid]),
                ),
                (f"Presa in carico n. {intake.pk}", None),
            ),  # fmt: skip
        },
        status=status,
    )


@login_required
@permission_required(VIEW_INTAKE, raise_exception=True)
def intake_detail(request, uuid):
    return _intake_page(request, _intake(request, uuid))


@login_required
@permission_required(VIEW_INTAKE, raise_exception=True)
@require_POST
def intake_transition(request, uuid):
    intake = _intake(request, uuid)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            intake_services.intake_transition(
                actor=request.user, intake=intake, name=form.cleaned_data["name"],
                on=form.cleaned_data["on"], reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Stato della presa in carico aggiornato.")
            return redirect("district:intake", uuid=intake.uuid)
    return _intake_page(request, intake, transition_form=form, status=422)


@login_required
@permission_required(VIEW_INTAKE, raise_exception=True)
@require_POST
def hours_add(request, uuid):
    intake = _intake(request, uuid)
    form = HoursForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            intake_services.hours_record(
                actor=request.user, intake=intake, on=data["on"], hours=data["hours"],
                operator=data["operator"], period=data["period"], note=data["note"],
                override_reason=data["override_reason"],
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Ore registrate.")
            return redirect("district:intake", uuid=intake.uuid)
    return _intake_page(request, intake, hours_form=form, status=422)


@login_required
@permission_required(REFER, raise_exception=True)
@require_POST
def refer(request, uuid):
    from ambito.cases.models import Case

    case = Case.objects.visible_to(request.user).filter(uuid=uuid).first()
    if case is None:
        raise Http404
    form = ReferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        line = DistrictLine.objects.visible_to(request.user).filter(uuid=data["line"]).first()
        if line is None:
            form.add_error("line", "Servizio non trovato in questo ambito.")
        else:
            try:
                intake = intake_services.intake_refer(
                    actor=request.user, case=case, line=line, reason=data["reason"],
                    hours_per_week=data["hours_per_week"], priority=data["priority"],
                )  # fmt: skip
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Segnalazione al servizio «{line.name}» registrata: in lista d'attesa.",
                )
                return redirect("district:intake", uuid=intake.uuid)
    return render(
        request,
        "district/refer_error.html",
        {"form": form, "case": case, "breadcrumbs": _crumbs(("Segnalazione", None))},
        status=422,
    )


@login_required
def report(request):
    user = request.user
    if not selectors.sees_costs(user):
        require(user, MANAGE)
    years = selectors.report_years(user.zone_id)
    raw = request.GET.get("anno", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None
    if year is None:
        this_year = timezone.localdate().year
        year = this_year if this_year in years or not years else years[0]
    figures = selectors.report(user.zone_id, year)
    fmt = request.GET.get("formato", "")
    if fmt in ("xlsx", "csv"):
        return exports.download(figures, fmt)
    context = {
        "report": figures,
        "years": years,
        "printed_on": timezone.localdate(),
        "breadcrumbs": _crumbs((f"Report {year}", None)),
    }
    if fmt == "pdf":
        return pdf_response(
            request,
            "district/report_pdf.html",
            context,
            f"servizi-distrettuali-{year}.pdf",
            attachment=True,
        )
    return render(request, "district/report.html", context)
