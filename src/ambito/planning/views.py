"""Pages of §9: the zone's plans, a plan with its actions and quarterly schedule (late actions
highlighted), an action's edit page (with its revision: a stale edit is refused), funds
(allocations, residuals, portfolio, shares, spending split), the assembly's meetings with
attendance, quorum and deliberations, the minutes and plan PDFs, Excel and CSV exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.core.forms import add_service_errors
from ambito.core.pdf import pdf_response
from ambito.core.permissions import NotAllowed, zone_id_for
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes
from ambito.territory.models import ConsortiumMember

from . import exports, selectors, services
from .choices import AttendanceStatus, PlanStatus
from .forms import (
    ActionForm,
    AllocationForm,
    AttendanceForm,
    DeliberationForm,
    LedgerFilterForm,
    MeetingForm,
    ObjectiveForm,
    PlanForm,
    ScheduleForm,
    SpendingForm,
    TargetForm,
)
from .models import (
    Deliberation,
    FundSource,
    Meeting,
    Plan,
    PlanAction,
    PlanObjective,
    QuantitativeTarget,
    SolidarityRule,
)


def _crumbs(*items):
    return [("Programmazione", reverse("planning:home")), *items]


def _plan(request, uuid) -> Plan:
    plan = selectors.plans_for(request.user).filter(uuid=uuid).first()
    if plan is None:
        raise Http404
    return plan


def _action(request, uuid) -> PlanAction:
    action = (
        PlanAction.objects.visible_to(request.user)
        .filter(uuid=uuid)
        .select_related("plan", "objective", "fund")
        .first()
    )
    if action is None:
        raise Http404
    return action


def _meeting(request, uuid) -> Meeting:
    meeting = selectors.meetings_for(request.user).filter(uuid=uuid).first()
    if meeting is None:
        raise Http404
    return meeting


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@permission_required("planning.view_plan", raise_exception=True)
def home(request):
    form = PlanForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("planning.add_plan"):
            raise NotAllowed
        if form.is_valid():
            try:
                created = services.plan_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Piano creato, in bozza: aggiungi gli obiettivi.")
                return redirect("planning:plan", uuid=created.uuid)
    return render(
        request,
        "planning/home.html",
        {
            "plans": selectors.plans_for(request.user).order_by("-period_start", "title"),
            "form": form,
            "breadcrumbs": [("Programmazione", None)],
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required("planning.add_planobjective", raise_exception=True)
@require_POST
def objective_add(request, uuid):
    plan = _plan(request, uuid)
    form = ObjectiveForm(request.POST, prefix="obiettivo")
    if form.is_valid():
        try:
            services.objective_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Obiettivo {form.cleaned_data['code']} aggiunto.")
            return redirect("planning:plan", uuid=plan.uuid)
    context = _plan_context(request, plan)
    context["objective_form"] = form
    return render(request, "planning/plan.html", context, status=422)


def _plan_context(request, plan, **forms) -> dict:
    page = selectors.plan_page(plan=plan)
    context = {
        "plan": plan,
        "page": page,
        "quarters": page["quarters"],
        "can_edit": request.user.has_perm("planning.add_planaction"),
        "action_form": forms.get("action_form") or ActionForm(plan=plan),
        "objective_form": ObjectiveForm(prefix="obiettivo"),
        "residuals": selectors.fund_table(zone_id=plan.zone_id),
        "next_statuses": [
            (value, PlanStatus(value).label) for value in services.plans.STATUS_FLOW[plan.status]
        ],
        "newer": Plan.objects.filter(previous=plan).first(),
        "breadcrumbs": _crumbs((plan.title, None)),
    }
    return context


@login_required
@permission_required("planning.view_plan", raise_exception=True)
def plan(request, uuid):
    plan = _plan(request, uuid)
    if request.method == "POST":
        if not request.user.has_perm("planning.add_planaction"):
            raise NotAllowed
        form = ActionForm(request.POST, plan=plan)
        if form.is_valid():
            objective = PlanObjective.objects.filter(
                plan=plan, uuid=form.cleaned_data["objective"]
            ).first()
            try:
                created = services.action_save(
                    actor=request.user,
                    objective=objective,
                    data=form.action_data(),
                    override_reason=form.cleaned_data["override_reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Azione {created.code} aggiunta.")
                return redirect("planning:plan", uuid=plan.uuid)
        return render(
            request,
            "planning/plan.html",
            _plan_context(request, plan, action_form=form),
            status=422,
        )
    return render(request, "planning/plan.html", _plan_context(request, plan))


@login_required
@permission_required("planning.view_plan", raise_exception=True)
def plan_export(request, uuid):
    plan = _plan(request, uuid)
    header, rows = exports.action_sheet(selectors.plan_page(plan=plan))
    name = f"piano-{plan.period_start:%Y}-{plan.pk}"
    if request.GET.get("formato") == "csv":
        return _download(csv_bytes(header, rows), f"{name}.csv", "text/csv")
    return _download(xlsx_bytes([("Azioni", header, rows)]), f"{name}.xlsx", XLSX)


@login_required
@permission_required("planning.view_plan", raise_exception=True)
def plan_pdf(request, uuid):
    plan = _plan(request, uuid)
    context = {
        "plan": plan,
        "page": selectors.plan_page(plan=plan),
        "printed_on": timezone.localdate(),
    }
    return pdf_response(request, "planning/plan_pdf.html", context, f"piano-{plan.pk}.pdf")


@login_required
@permission_required("planning.change_plan", raise_exception=True)
@require_POST
def plan_status(request, uuid):
    plan = _plan(request, uuid)
    try:
        services.plan_set_status(
            actor=request.user,
            plan=plan,
            status=request.POST.get("status", ""),
            approval_act=request.POST.get("approval_act", "").strip(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        plan.refresh_from_db()
        messages.success(request, f"Stato del piano: {plan.get_status_display().lower()}.")
    return redirect("planning:plan", uuid=plan.uuid)


@login_required
@permission_required("planning.add_plan", raise_exception=True)
@require_POST
def plan_version(request, uuid):
    plan = _plan(request, uuid)
    copy = services.plan_new_version(actor=request.user, plan=plan)
    messages.success(request, f"Creata la versione {copy.version} del piano, in bozza.")
    return redirect("planning:plan", uuid=copy.uuid)


@login_required
@permission_required("planning.change_quantitativetarget", raise_exception=True)
@require_POST
def target(request, uuid):
    row = (
        QuantitativeTarget.objects.visible_to(request.user)
        .filter(uuid=uuid)
        .select_related("objective__plan")
        .first()
    )
    if row is None:
        raise Http404
    form = TargetForm(request.POST)
    if form.is_valid():
        try:
            services.target_update(actor=request.user, target=row, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Valore attuale di «{row.indicator}» aggiornato.")
    else:
        messages.error(request, "Indica un valore numerico e la data della rilevazione.")
    return redirect("planning:plan", uuid=row.objective.plan.uuid)


def _action_context(request, action, **forms) -> dict:
    plan = action.plan
    initial = {
        name: getattr(action, name)
        for name in (
            "code",
            "title",
            "description",
            "kind",
            "implementation_mode",
            "staff_units",
            "staff_profile",
            "amount",
            "fund",
            "funding_year",
            "responsible_office",
            "starts_on",
            "ends_on",
        )  # fmt: skip
    }
    initial.update(objective=str(action.objective.uuid), revision=action.revision)
    page = selectors.plan_page(plan=plan)
    row = next(r for _, rows in page["objectives"] for r in rows if r.action.pk == action.pk)
    return {
        "action": action,
        "plan": plan,
        "row": row,
        "quarters": page["quarters"],
        "spending": list(action.spending.order_by("date", "pk")),
        "form": forms.get("form") or ActionForm(plan=plan, initial=initial),
        "schedule_form": forms.get("schedule_form") or ScheduleForm(plan=plan),
        "spending_form": forms.get("spending_form") or SpendingForm(),
        "can_edit": request.user.has_perm("planning.change_planaction"),
        "breadcrumbs": _crumbs(
            (plan.title, reverse("planning:plan", args=[plan.uuid])),
            (f"Azione {action.code}", None),
        ),
    }


@login_required
@permission_required("planning.view_planaction", raise_exception=True)
def action(request, uuid):
    action = _action(request, uuid)
    if request.method == "POST":
        if not request.user.has_perm("planning.change_planaction"):
            raise NotAllowed
        form = ActionForm(request.POST, plan=action.plan)
        if form.is_valid():
            try:
                services.action_save(
                    actor=request.user,
                    action=action,
                    revision=form.cleaned_data["revision"],
                    data=form.action_data(),
                    override_reason=form.cleaned_data["override_reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Azione {action.code} salvata.")
                return redirect("planning:action", uuid=action.uuid)
        return render(
            request, "planning/action.html", _action_context(request, action, form=form), status=422
        )
    return render(request, "planning/action.html", _action_context(request, action))


@login_required
@permission_required("planning.change_planaction", raise_exception=True)
@require_POST
def schedule(request, uuid):
    action = _action(request, uuid)
    form = ScheduleForm(request.POST, plan=action.plan)
    if form.is_valid():
        year, quarter = form.year_quarter()
        try:
            services.schedule_set(
                actor=request.user,
                action=action,
                year=year,
                quarter=quarter,
                planned=form.cleaned_data["planned"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Cronoprogramma aggiornato: {quarter}° trimestre {year}.")
            return redirect("planning:plan", uuid=action.plan.uuid)
    context = _action_context(request, action, schedule_form=form)
    return render(request, "planning/action.html", context, status=422)


@login_required
@permission_required("planning.add_spending", raise_exception=True)
@require_POST
def spending(request, uuid):
    action = _action(request, uuid)
    form = SpendingForm(request.POST)
    if form.is_valid():
        try:
            services.spending_add(actor=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Registrato.")
            return redirect("planning:action", uuid=action.uuid)
    context = _action_context(request, action, spending_form=form)
    return render(request, "planning/action.html", context, status=422)


def _year(request, default: int) -> int:
    try:
        return int(request.GET.get("anno", default))
    except ValueError:
        return default


@login_required
@permission_required("planning.view_allocation", raise_exception=True)
def funds(request):
    user = request.user
    # Figures of the zone (not rows): the zone whose funds the user may read.
    zone_id = zone_id_for(user, "planning.view_allocation")
    years = sorted(
        set(selectors.budget_years(zone_id=zone_id))
        | {r.year for r in selectors.fund_table(zone_id=zone_id)}
    )
    year = _year(request, years[-1] if years else timezone.localdate().year)
    table = selectors.fund_table(zone_id=zone_id, year=year)
    matrix = selectors.portfolio(zone_id=zone_id, year=year)
    fmt = request.GET.get("formato")
    if fmt in ("xlsx", "csv"):
        header, rows = exports.portfolio_sheet(matrix)
        if fmt == "csv":
            what = request.GET.get("tabella", "fondi")
            if what == "portafoglio":
                return _download(csv_bytes(header, rows), f"portafoglio-{year}.csv", "text/csv")
            return _download(
                csv_bytes(exports.FUND_HEADER, exports.fund_rows(table)),
                f"fondi-{year}.csv",
                "text/csv",
            )
        content = xlsx_bytes(
            [
                ("Fondi", exports.FUND_HEADER, list(exports.fund_rows(table))),
                (f"Portafoglio {year}", header, rows),
                (
                    "Forme di gestione",
                    ["Forma di gestione", "Importo", "Quota %"],
                    selectors.spending_split(zone_id=zone_id, year=year),
                ),
            ]
        )
        return _download(content, f"fondi-{year}.xlsx", XLSX)
    form = AllocationForm(request.POST or None, initial={"year": year})
    if request.method == "POST":
        if not user.has_perm("planning.add_allocation"):
            raise NotAllowed
        if form.is_valid():
            try:
                services.allocation_add(actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Assegnazione registrata.")
                return redirect(f"{reverse('planning:funds')}?anno={form.cleaned_data['year']}")
    fnps = FundSource.objects.filter(code="FNPS").first()
    return render(
        request,
        "planning/funds.html",
        {
            "year": year,
            "years": years,
            "table": table,
            "matrix": matrix,
            "split": selectors.spending_split(zone_id=zone_id, year=year),
            "declared_split": selectors.declared_spending_split(zone_id=zone_id),
            "solidarity": [
                (rule, selectors.solidarity_quotas(rule))
                for rule in SolidarityRule.objects.visible_to(user).order_by("-year")
            ],
            "fnps_uses": selectors.fund_use_shares(zone_id=zone_id, fund=fnps, years=years)
            if fnps
            else [],
            "form": form,
            "breadcrumbs": _crumbs(("Fondi", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required("planning.view_fundmovement", raise_exception=True)
def ledger(request):
    """The fund ledger's movements (§9), filtered by fund, year, stage and origin: each with its
    label and a link to its source where the source has a page. Figures only."""
    user = request.user
    form = LedgerFilterForm(request.GET or None)
    filters = form.filters()
    rows = selectors.ledger_movements(user=user, **(filters or {}))
    if filters is None:
        rows = rows.none()
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    total = rows.aggregate(total=Sum("amount"))["total"] or 0
    return render(
        request,
        "planning/ledger.html",
        {
            "form": form,
            "page": page,
            "count": page.paginator.count,
            "total": total,
            "links": selectors.movement_links(page.object_list),
            "querystring": query.urlencode(),
            "breadcrumbs": _crumbs(("Fondi", reverse("planning:funds")), ("Registro", None)),
        },
    )


@login_required
@permission_required("planning.view_meeting", raise_exception=True)
def meetings(request):
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("planning.add_meeting"):
            raise NotAllowed
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.meeting_create(
                    actor=request.user,
                    held_on=data["held_on"],
                    time=data["time"],
                    place=data["place"],
                    convened_by=data["convened_by"],
                    agenda=data["agenda"].splitlines(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("planning:meeting", uuid=created.uuid)
    return render(
        request,
        "planning/meetings.html",
        {
            "meetings": selectors.meetings_for(request.user).prefetch_related("deliberations"),
            "form": form,
            "breadcrumbs": _crumbs(("Assemblea", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


def _members(meeting):
    return list(
        ConsortiumMember.objects.filter(zone_id=meeting.zone_id)
        .select_related("organisation")
        .order_by("-share", "organisation__name")
    )


def _meeting_context(request, meeting, **forms) -> dict:
    members = _members(meeting)
    attendance = {a.member_id: a for a in meeting.attendance.all()}
    attendance_forms = [
        (
            member,
            forms.get("attendance_forms", {}).get(member.pk)
            or AttendanceForm(
                prefix=f"m{member.pk}",
                initial={
                    "status": getattr(attendance.get(member.pk), "status", AttendanceStatus.ABSENT),
                    "represented_by": getattr(attendance.get(member.pk), "represented_by", ""),
                },
            ),
        )
        for member in members
    ]
    voters = [
        m for m in members if getattr(attendance.get(m.pk), "status", "") in ("present", "delegate")
    ]
    return {
        "meeting": meeting,
        "attendance_forms": attendance_forms,
        "quorum": selectors.quorum(meeting),
        "deliberations": list(
            meeting.deliberations.prefetch_related("votes__member__organisation", "attachments")
        ),
        "deliberation_form": forms.get("deliberation_form")
        or DeliberationForm(voters=voters, initial={"date": meeting.held_on}),
        "can_edit": request.user.has_perm("planning.add_deliberation"),
        "breadcrumbs": _crumbs(
            ("Assemblea", reverse("planning:meetings")),
            (f"Seduta del {meeting.held_on:%d/%m/%Y}", None),
        ),
    }


@login_required
@permission_required("planning.view_meeting", raise_exception=True)
def meeting(request, uuid):
    meeting = _meeting(request, uuid)
    return render(request, "planning/meeting.html", _meeting_context(request, meeting))


@login_required
@permission_required("planning.change_meeting", raise_exception=True)
@require_POST
def attendance(request, uuid):
    meeting = _meeting(request, uuid)
    forms = {m.pk: AttendanceForm(request.POST, prefix=f"m{m.pk}") for m in _members(meeting)}
    members = {m.pk: m for m in _members(meeting)}
    if all(f.is_valid() for f in forms.values()):
        try:
            for pk, form in forms.items():
                services.attendance_record(
                    actor=request.user, meeting=meeting, member=members[pk], **form.cleaned_data
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            state = selectors.quorum(meeting)
            reached = "raggiunto" if state.reached else "NON raggiunto"
            messages.success(
                request, f"Presenze registrate: numero legale {reached} ({state.explanation})"
            )
        return redirect("planning:meeting", uuid=meeting.uuid)
    context = _meeting_context(request, meeting, attendance_forms=forms)
    return render(request, "planning/meeting.html", context, status=422)


@login_required
@permission_required("planning.add_deliberation", raise_exception=True)
@require_POST
def deliberation(request, uuid):
    meeting = _meeting(request, uuid)
    context = _meeting_context(request, meeting)
    voters = context["deliberation_form"].voters
    form = DeliberationForm(request.POST, voters=voters)
    if form.is_valid():
        data = form.cleaned_data
        attachments = (
            [(data["attachment_title"], data["attachment_pages"] or 0)]
            if data["attachment_title"]
            else []
        )
        try:
            created = services.deliberation_record(
                actor=request.user,
                meeting=meeting,
                number=data["number"],
                date=data["date"],
                subject=data["subject"],
                content=data["content"],
                immediately_executable=data["immediately_executable"],
                votes=form.votes(),
                attachments=attachments,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            outcome = created.get_outcome_display().lower()
            messages.success(
                request, f"Deliberazione n. {created.number}/{created.year}: {outcome}."
            )
            return redirect("planning:meeting", uuid=meeting.uuid)
    context["deliberation_form"] = form
    return render(request, "planning/meeting.html", context, status=422)


@login_required
@permission_required("planning.view_meeting", raise_exception=True)
def minutes_pdf(request, uuid):
    meeting = _meeting(request, uuid)
    context = _meeting_context(request, meeting)
    context["printed_on"] = timezone.localdate()
    context["attendance"] = [
        (m, f.initial.get("status"), f.initial.get("represented_by"))
        for m, f in context["attendance_forms"]
    ]
    return pdf_response(
        request,
        "planning/minutes_pdf.html",
        context,
        f"verbale-{meeting.held_on:%Y-%m-%d}.pdf",
        attachment=True,
    )


@login_required
@permission_required("planning.view_deliberation", raise_exception=True)
def deliberations(request):
    qs = Deliberation.objects.visible_to(request.user).prefetch_related("votes")
    fmt = request.GET.get("formato")
    rows = list(exports.deliberation_rows(qs))
    if fmt == "csv":
        return _download(
            csv_bytes(exports.DELIBERATION_HEADER, rows), "deliberazioni.csv", "text/csv"
        )
    if fmt == "xlsx":
        return _download(
            xlsx_bytes([("Deliberazioni", exports.DELIBERATION_HEADER, rows)]),
            "deliberazioni.xlsx",
            XLSX,
        )
    return render(
        request,
        "planning/deliberations.html",
        {
            "deliberations": qs.select_related("meeting"),
            "breadcrumbs": _crumbs(("Deliberazioni", None)),
        },
    )


@login_required
@permission_required("planning.view_deliberation", raise_exception=True)
def deliberation_pdf(request, uuid):
    deliberation = (
        Deliberation.objects.visible_to(request.user)
        .filter(uuid=uuid)
        .select_related("meeting", "zone")
        .prefetch_related("votes__member__organisation", "attachments")
        .first()
    )
    if deliberation is None:
        raise Http404
    return pdf_response(
        request,
        "planning/deliberation_pdf.html",
        {"d": deliberation, "printed_on": timezone.localdate()},
        f"deliberazione-{deliberation.year}-{deliberation.number}.pdf",
        attachment=True,
    )
