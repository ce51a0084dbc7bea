"""Pages of the UVM tutela minori (teams, members, meetings) and of the report templates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.audit import log_access
from ambito.core.forms import add_service_errors
from ambito.core.models import User

from ..forms import MeetingForm, MemberForm, TeamForm, TemplateForm
from ..models import CourtOrder, ReportTemplate, UvmMeeting, UvmTeam
from ..selectors import orders as selectors
from ..services import reports as report_services
from ..services import uvm as services


def _crumbs(*items):
    return [("UVM tutela minori", reverse("protection:teams")), *items]


def _team(request, uuid):
    team = UvmTeam.objects.visible_to(request.user).filter(uuid=uuid).first()
    if team is None:
        raise Http404
    return team


def _meeting_cases(user):
    """The cases of the court orders the user sees: where a UVM meets."""
    from ambito.cases.models import Case

    ids = CourtOrder.objects.visible_to(user).values("case_id")
    return list(Case.objects.filter(pk__in=ids).order_by("number"))


@login_required
@permission_required("protection.view_uvmteam", raise_exception=True)
def team_list(request):
    can_add = request.user.has_perm("protection.add_uvmteam")
    form = TeamForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise Http404
        if form.is_valid():
            try:
                team = services.team_create(actor=request.user, name=form.cleaned_data["name"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"UVM «{team.name}» creata.")
                return redirect("protection:team", uuid=team.uuid)
    return render(
        request,
        "protection/teams.html",
        {
            "teams": selectors.teams_for(request.user),
            "form": form,
            "can_add": can_add,
            "breadcrumbs": [("UVM tutela minori", None)],
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def team_detail(request, uuid):
    team = _team(request, uuid)
    can_change = request.user.has_perm("protection.change_uvmteam")
    users = User.objects.filter(zone_id=team.zone_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )
    form = MemberForm(request.POST or None, users=users)
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["user"] = form.users.get(data.get("user") or "")
            try:
                services.member_add(actor=request.user, team=team, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Componente aggiunto all'UVM.")
                return redirect("protection:team", uuid=team.uuid)
    meetings = list(selectors.meetings_for(request.user, team=team)[:100])
    return render(
        request,
        "protection/team.html",
        {
            "team": team,
            "members": team.members.select_related("user"),
            "meetings": meetings,
            "form": form,
            "can_change": can_change,
            "can_meet": request.user.has_perm("protection.add_uvmmeeting"),
            "breadcrumbs": _crumbs((team.name, None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def meeting_add(request, uuid):
    team = _team(request, uuid)
    if not request.user.has_perm("protection.add_uvmmeeting"):
        raise Http404
    cases = _meeting_cases(request.user)
    form = MeetingForm(
        request.POST or None,
        team=team,
        cases=cases,
        initial={"case": request.GET.get("cartella", "")},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        case = form.cases[data.pop("case")]
        try:
            meeting = services.meeting_record(actor=request.user, team=team, case=case, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Incontro dell'UVM registrato.")
            return redirect("protection:meeting", uuid=meeting.uuid)
    return render(
        request,
        "protection/meeting_form.html",
        {
            "team": team,
            "form": form,
            "breadcrumbs": _crumbs(
                (team.name, reverse("protection:team", args=[team.uuid])), ("Nuovo incontro", None)
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def meeting_detail(request, uuid):
    meeting = (
        UvmMeeting.objects.visible_to(request.user)
        .select_related("team", "case", "case__person", "created_by")
        .filter(uuid=uuid)
        .first()
    )
    if meeting is None:
        raise Http404
    log_access(user=request.user, obj=meeting, person=meeting.case.person)
    return render(
        request,
        "protection/meeting.html",
        {
            "meeting": meeting,
            "present": meeting.present.select_related("user"),
            "orders": selectors.orders_for(request.user, which="tutti", case=meeting.case),
            "breadcrumbs": _crumbs(
                (meeting.team.name, reverse("protection:team", args=[meeting.team.uuid])),
                (str(meeting), None),
            ),
        },
    )


# --- report templates ------------------------------------------------------------------------


@login_required
@permission_required("protection.view_reporttemplate", raise_exception=True)
def template_list(request):
    return render(
        request,
        "protection/templates.html",
        {
            "templates": selectors.templates_for(request.user),
            "can_add": request.user.has_perm("protection.add_reporttemplate"),
            "breadcrumbs": [("Modelli di relazione", None)],
        },
    )


def _template_form(request, template):
    initial = (
        {"name": template.name, "body": template.body, "active": template.active}
        if template
        else {"active": True}
    )
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = report_services.template_save(
                actor=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Modello «{saved.name}» salvato.")
            return redirect("protection:template", uuid=saved.uuid)
    return render(
        request,
        "protection/template_form.html",
        {
            "form": form,
            "template_row": template,
            "placeholders": report_services.PLACEHOLDERS,
            "breadcrumbs": [
                ("Modelli di relazione", reverse("protection:templates")),
                (template.name if template else "Nuovo modello", None),
            ],
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required("protection.add_reporttemplate", raise_exception=True)
def template_add(request):
    return _template_form(request, None)


@login_required
def template_edit(request, uuid):
    template = ReportTemplate.objects.visible_to(request.user).filter(uuid=uuid).first()
    if template is None:
        raise Http404
    if request.method == "POST" and not request.user.has_perm("protection.change_reporttemplate"):
        raise Http404
    return _template_form(request, template)
