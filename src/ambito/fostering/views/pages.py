"""Pages of the foster-care service under /affido/: the register (foster-care centre), the
placements (case team and centre), the support groups (centre), the figures (also the plan
office, the zone administrator and the assembly)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.files import file_response
from ambito.core.forms import add_service_errors
from ambito.core.pdf import render_pdf
from ambito.core.permissions import NotAllowed, allowed
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes
from ambito.registry.selectors import age_on

from .. import forms as f
from ..choices import FosterKind
from ..models import FosterFamily
from ..scoping import MANAGE, REPORTS, ZONE
from ..selectors import register as sel
from ..selectors.matching import matching_families
from ..selectors.reports import KIND_HEADER, foster_report, kind_rows, report_zone, sheets
from ..services import families as family_services
from ..services import groups as group_services
from ..services import placements as placement_services
from ..services.common import is_manager

VIEW_FAMILY = "fostering.view_fosterfamily"
VIEW_PLACEMENT = "fostering.view_placement"


def _crumbs(*items):
    return [("Affido familiare", reverse("fostering:home")), *items]


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(hide=True)


def _family(request, uuid) -> FosterFamily:
    family = sel.family_for(user=request.user, uuid=uuid)
    if family is None:
        raise Http404
    return family


def _rendered(request, template, context, form=None):
    status = 422 if request.method == "POST" and form is not None and form.errors else 200
    return render(request, template, context, status=status)


@login_required
def home(request):
    user = request.user
    if allowed(user, ZONE):
        return redirect("fostering:families")
    if allowed(user, VIEW_PLACEMENT):
        return redirect("fostering:placements")
    if allowed(user, REPORTS):
        return redirect("fostering:report")
    raise NotAllowed(hide=True)


# --- the register ------------------------------------------------------------------------------


@login_required
@permission_required(ZONE, raise_exception=True)
def family_list(request):
    form = f.FamilyFilterForm(request.GET or None)
    rows = sel.families_for(user=request.user, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    log_access(user=request.user, action=AccessAction.SEARCH, object_type="fostering.fosterfamily")
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "fostering/families.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_manage": is_manager(request.user),
            "breadcrumbs": _crumbs(("Albo delle famiglie", None)),
        },
    )


def _family_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["notes"] = data.get("notes") or ""
    return data


@login_required
@permission_required(MANAGE, raise_exception=True)
def family_add(request):
    form = f.FamilyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            family = family_services.family_create(actor=request.user, **_family_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Domanda della famiglia registrata.")
            return redirect("fostering:family", uuid=family.uuid)
    return _rendered(
        request,
        "fostering/form.html",
        {
            "form": form,
            "title": "Nuova famiglia affidataria",
            "submit": "Registra la domanda",
            "back": reverse("fostering:families"),
            "breadcrumbs": _crumbs(("Nuova famiglia", None)),
        },
        form,
    )


def _family_context(request, family, **forms):
    log_access(user=request.user, obj=family)
    return {
        "family": family,
        "placements": sel.placements_for(user=request.user, family=family),
        "groups": family.support_groups.order_by("name"),
        "training_form": forms.get("training") or f.TrainingForm(),
        "assessment_form": forms.get("assessment") or f.AssessmentForm(),
        "suspension_form": forms.get("suspension") or f.SuspensionForm(),
        "withdraw_form": forms.get("withdraw") or f.WithdrawForm(),
        "can_manage": is_manager(request.user),
        "breadcrumbs": _crumbs(
            ("Albo delle famiglie", reverse("fostering:families")), (family.reference_adults, None)
        ),
    }


@login_required
@permission_required(ZONE, raise_exception=True)
def family_detail(request, uuid):
    family = _family(request, uuid)
    return render(request, "fostering/family.html", _family_context(request, family))


@login_required
@permission_required(MANAGE, raise_exception=True)
def family_edit(request, uuid):
    family = _family(request, uuid)
    if request.method == "POST":
        form = f.FamilyForm(request.POST, user=request.user, editing=True)
        if form.is_valid():
            try:
                family_services.family_update(
                    actor=request.user, family=family, **_family_data(form)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Famiglia aggiornata.")
                return redirect("fostering:family", uuid=family.uuid)
    else:
        form = f.FamilyForm(
            initial=f.FamilyForm.initial_of(family), user=request.user, editing=True
        )
    return _rendered(
        request,
        "fostering/form.html",
        {
            "form": form,
            "title": "Profilo e disponibilità della famiglia",
            "submit": "Salva le modifiche",
            "back": reverse("fostering:family", args=[family.uuid]),
            "breadcrumbs": _crumbs(
                (family.reference_adults, reverse("fostering:family", args=[family.uuid])),
                ("Modifica", None),
            ),
        },
        form,
    )


FAMILY_STEPS = {
    "formazione": (
        "training",
        f.TrainingForm,
        family_services.training_add,
        "Formazione registrata.",
    ),
    "valutazione": (
        "assessment",
        f.AssessmentForm,
        family_services.assessment_record,
        "Valutazione registrata.",
    ),
    "sospensione": (
        "suspension",
        f.SuspensionForm,
        family_services.suspension_add,
        "Sospensione registrata.",
    ),
    "ritiro": (
        "withdraw",
        f.WithdrawForm,
        family_services.family_withdraw,
        "Famiglia ritirata dall'albo.",
    ),
}


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def family_step(request, uuid, step):
    family = _family(request, uuid)
    if step not in FAMILY_STEPS:
        raise Http404
    key, form_class, service, done = FAMILY_STEPS[step]
    form = form_class(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if key == "withdraw":
            data["reason"] = data.pop("withdrawal_reason")
        try:
            service(actor=request.user, family=family, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("fostering:family", uuid=family.uuid)
    family = _family(request, uuid)
    return render(
        request,
        "fostering/family.html",
        _family_context(request, family, **{key: form}),
        status=422,
    )


# --- placements --------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_PLACEMENT, raise_exception=True)
def placement_list(request):
    kind = request.GET.get("tipo", "")
    kind = kind if kind in FosterKind.values else ""
    state = request.GET.get("stato", "")
    open_only = {"in_corso": True, "conclusi": False}.get(state)
    rows = sel.placements_for(user=request.user, kind=kind, open_only=open_only)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    # The children of each placement are named on the page.
    children = {child.pk: child for p in page.object_list for child in p.children.all()}
    if children:
        log_access(
            user=request.user,
            action=AccessAction.VIEW,
            object_type="fostering.placement",
            persons=list(children.values()),
            detail={"pagina": page.number},
        )
    return render(
        request,
        "fostering/placements.html",
        {
            "page": page,
            "kinds": FosterKind.choices,
            "kind": kind,
            "state": state,
            "querystring": f"tipo={kind}&stato={state}",
            "breadcrumbs": _crumbs(("Affidi", None)),
        },
    )


@login_required
@permission_required("fostering.add_placement", raise_exception=True)
def placement_add(request, uuid):
    """A new placement from a case: step one chooses the minors, the kind and the start and
    shows the matching families; step two records the placement with one of them."""
    case = sel.case_for(user=request.user, uuid=uuid)
    if case is None:
        raise Http404
    today = timezone.localdate()
    minors_on = today
    source = request.POST if request.method == "POST" else (request.GET or None)
    candidates = placement_services.case_children(case)
    match = f.MatchForm(source, minors=candidates)
    families = FosterFamily.objects.none()
    form = None
    if match.is_bound and match.is_valid():
        children = list(match.cleaned_data["minori"])
        starts_on = match.cleaned_data["inizio"]
        minors_on = starts_on
        ages = [age_on(c.birth_date, starts_on) for c in children]
        families = matching_families(
            zone_id=case.zone_id, kind=match.cleaned_data["tipo"], on=starts_on, ages=ages
        )
        form = f.PlacementForm(request.POST or None, families=families)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                placement = placement_services.placement_create(
                    actor=request.user,
                    case=case,
                    children=children,
                    kind=match.cleaned_data["tipo"],
                    starts_on=starts_on,
                    **{**data, "notes": data.get("notes") or ""},
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Affido registrato.")
                return redirect("fostering:placement", uuid=placement.uuid)
    log_access(user=request.user, obj=case, person=case.person)
    minors = [(p, age_on(p.birth_date, minors_on)) for p in candidates if p.birth_date <= minors_on]
    return render(
        request,
        "fostering/placement_add.html",
        {
            "case": case,
            "match": match,
            "form": form,
            "families": families,
            "minors": minors,
            "breadcrumbs": [
                ("Il mio lavoro", reverse("cases:my_work")),
                (f"Cartella {case.number}", reverse("cases:detail", args=[case.uuid])),
                ("Nuovo affido", None),
            ],
        },
        status=422 if form is not None and form.errors else 200,
    )


def _placement(request, uuid):
    placement = sel.placement_for(user=request.user, uuid=uuid)
    if placement is None:
        raise Http404
    return placement


def _placement_context(request, placement, meeting_form=None, end_form=None):
    log_access(
        user=request.user,
        obj=placement,
        persons=[placement.case.person, *placement.children.all()],
    )
    writable = request.user.has_perm("fostering.change_placement")
    return {
        "placement": placement,
        "children": [
            (c, age_on(c.birth_date, placement.starts_on)) for c in placement.children.all()
        ],
        "meetings": placement.meetings.all(),
        "meeting_form": meeting_form or f.MeetingForm(),
        "end_form": end_form or f.EndForm(),
        "can_write": writable,
        "can_see_family": allowed(request.user, ZONE),
        "breadcrumbs": _crumbs(("Affidi", reverse("fostering:placements")), (str(placement), None)),
    }


@login_required
@permission_required(VIEW_PLACEMENT, raise_exception=True)
def placement_detail(request, uuid):
    placement = _placement(request, uuid)
    return render(request, "fostering/placement.html", _placement_context(request, placement))


@login_required
@permission_required("fostering.add_originmeeting", raise_exception=True)
@require_POST
def meeting_add(request, uuid):
    placement = _placement(request, uuid)
    form = f.MeetingForm(request.POST)
    if form.is_valid():
        try:
            placement_services.meeting_add(
                actor=request.user,
                placement=placement,
                **{**form.cleaned_data, "notes": form.cleaned_data.get("notes") or ""},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Incontro registrato.")
            return redirect("fostering:placement", uuid=placement.uuid)
    return render(
        request,
        "fostering/placement.html",
        _placement_context(request, placement, meeting_form=form),
        status=422,
    )


@login_required
@permission_required("fostering.change_placement", raise_exception=True)
@require_POST
def placement_end(request, uuid):
    placement = _placement(request, uuid)
    form = f.EndForm(request.POST)
    if form.is_valid():
        try:
            placement_services.placement_end(
                actor=request.user, placement=placement, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Affido concluso.")
            return redirect("fostering:placement", uuid=placement.uuid)
    return render(
        request,
        "fostering/placement.html",
        _placement_context(request, placement, end_form=form),
        status=422,
    )


# --- support groups ----------------------------------------------------------------------------


def _registered(request):
    return FosterFamily.objects.visible_to(request.user).order_by("reference_adults")


@login_required
@permission_required(ZONE, raise_exception=True)
def group_list(request):
    form = f.GroupForm(request.POST or None, families=_registered(request))
    if request.method == "POST":
        _require_manager(request)
        if form.is_valid():
            try:
                group = group_services.group_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Gruppo di sostegno creato.")
                return redirect("fostering:group", uuid=group.uuid)
    return _rendered(
        request,
        "fostering/groups.html",
        {
            "groups": sel.groups_for(user=request.user),
            "form": form,
            "can_manage": is_manager(request.user),
            "breadcrumbs": _crumbs(("Gruppi di sostegno", None)),
        },
        form,
    )


@login_required
@permission_required(ZONE, raise_exception=True)
def group_detail(request, uuid):
    group = sel.group_for(user=request.user, uuid=uuid)
    if group is None:
        raise Http404
    form = f.GroupMeetingForm(
        request.POST or None, families=group.families.order_by("reference_adults")
    )
    if request.method == "POST":
        _require_manager(request)
        if form.is_valid():
            try:
                group_services.group_meeting_add(
                    actor=request.user, group=group, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Incontro del gruppo registrato.")
                return redirect("fostering:group", uuid=group.uuid)
    log_access(user=request.user, obj=group)
    return _rendered(
        request,
        "fostering/group.html",
        {
            "group": group,
            "form": form,
            "can_manage": is_manager(request.user),
            "breadcrumbs": _crumbs(
                ("Gruppi di sostegno", reverse("fostering:groups")), (group.name, None)
            ),
        },
        form,
    )


# --- figures -----------------------------------------------------------------------------------


def _on(request):
    from datetime import date

    try:
        return date.fromisoformat(request.GET.get("al", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_GET
def report(request):
    zone_id = report_zone(request.user)
    on = _on(request)
    return render(
        request,
        "fostering/report.html",
        {
            "report": foster_report(zone_id, on),
            "on": on,
            "breadcrumbs": _crumbs(("Cifre dell'affido", None)),
        },
    )


@login_required
@require_GET
def report_export(request):
    zone_id = report_zone(request.user)
    on = _on(request)
    fmt = request.GET.get("formato", "xlsx")
    if fmt not in ("xlsx", "csv", "pdf"):
        raise Http404
    data = foster_report(zone_id, on)
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        object_type="fostering.report",
        detail={"formato": fmt, "al": on.isoformat()},
    )
    name = f"affido-{on:%Y-%m-%d}"
    if fmt == "xlsx":
        return file_response(xlsx_bytes(sheets(data)), f"{name}.xlsx", XLSX)
    if fmt == "csv":
        return file_response(csv_bytes(KIND_HEADER, kind_rows(data)), f"{name}.csv", "text/csv")
    html = render_to_string(
        "fostering/report_pdf.html",
        {"report": data, "on": on, "printed_on": timezone.localdate()},
    )
    pdf = render_pdf(html, request.build_absolute_uri("/"))
    return file_response(pdf, f"{name}.pdf", "application/pdf", attachment=False)
