"""Pages of the working groups: the zone's groups by line, a group with its members,
meetings and programmes (forms for the plan office and the group's coordinator), a meeting
with attendance and minutes (every read logged), the signed minutes' download, and an
operating programme with its actions. What the user may not see is a 404."""

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
from ambito.core.permissions import NotAllowed
from ambito.core.uploads import download_name
from ambito.planning.models import PlanAction
from ambito.territory.models import Organisation

from ..forms.groups import (
    AgreeForm,
    GroupForm,
    MeetingForm,
    MemberForm,
    MemberRemoveForm,
    MinutesForm,
    ProgrammeActionForm,
    ProgrammeForm,
)
from ..selectors import groups as selectors
from ..selectors.pact import lines_for
from ..services import groups as services
from ..services.common import is_manager

VIEW = "network.view_workinggroup"


def _crumbs(*items):
    return [
        ("Rete del Terzo settore", reverse("network:home")),
        ("Gruppi di lavoro", reverse("network:groups")),
        *items,
    ]


def _pact_lines(user):
    return lines_for(user=user)


def _group_or_404(request, uuid):
    group = selectors.group_get(user=request.user, uuid=uuid)
    if group is None:
        raise Http404
    return group


def _member_choices(group):
    return [
        (services.member_key(m), str(m.organisation or _person_label(m.user)))
        for m in selectors.members_of(group, current_only=True)
    ]


def _person_label(user) -> str:
    return user.get_full_name() or user.username


def _zone_organisations(group):
    return Organisation.objects.filter(zone_id=group.zone_id).order_by("name")


# --- the list --------------------------------------------------------------------------------


@login_required
@permission_required(VIEW, raise_exception=True)
def groups(request):
    user = request.user
    manager = is_manager(user)
    form = GroupForm(request.POST or None, lines=_pact_lines(user)) if manager else None
    if request.method == "POST":
        if not manager:
            raise NotAllowed
        if form.is_valid():
            try:
                created = services.group_create(actor=user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Gruppo costituito: aggiungi i componenti.")
                return redirect("network:group", uuid=created.uuid)
    by_line: dict = {}
    for group in selectors.groups_for(user):
        by_line.setdefault(group.line, []).append(group)
    return render(
        request,
        "network/groups/list.html",
        {
            "by_line": list(by_line.items()),
            "form": form,
            "breadcrumbs": [
                ("Rete del Terzo settore", reverse("network:home")),
                ("Gruppi di lavoro", None),
            ],
        },
        status=422 if request.method == "POST" else 200,
    )


# --- one group -------------------------------------------------------------------------------


def _group_context(request, group, **forms) -> dict:
    user = request.user
    manager = is_manager(user)
    runner = services.can_run_group(user, group)
    members = selectors.members_of(group)
    context = {
        "group": group,
        "members": members,
        "member_keys": {m.pk: services.member_key(m) for m in members},
        "meetings": selectors.meetings_of(group),
        "programmes": selectors.programmes_of(group),
        "manager": manager,
        "runner": runner,
        "breadcrumbs": _crumbs((group.name, None)),
    }
    if manager:
        context["member_form"] = forms.get("member_form") or MemberForm(
            prefix="membro",
            organisations=_zone_organisations(group),
            users=User.objects.filter(zone_id=group.zone_id, is_active=True).order_by(
                "last_name", "first_name", "username"
            ),
        )
        context["remove_form"] = forms.get("remove_form") or MemberRemoveForm(prefix="uscita")
    if runner:
        context["meeting_form"] = forms.get("meeting_form") or MeetingForm(
            prefix="incontro", members=_member_choices(group)
        )
        context["programme_form"] = forms.get("programme_form") or ProgrammeForm(prefix="programma")
    return context


@login_required
@permission_required(VIEW, raise_exception=True)
def group(request, uuid):
    group = _group_or_404(request, uuid)
    if request.method != "POST":
        return render(request, "network/groups/group.html", _group_context(request, group))
    what = request.POST.get("azione")
    user = request.user
    forms: dict = {}
    try:
        if what == "membro":
            if not is_manager(user):
                raise NotAllowed
            form = forms["member_form"] = MemberForm(
                request.POST,
                prefix="membro",
                organisations=_zone_organisations(group),
                users=User.objects.filter(zone_id=group.zone_id, is_active=True),
            )
            if form.is_valid():
                services.group_member_add(actor=user, group=group, **form.cleaned_data)
                messages.success(request, "Componente aggiunto al gruppo.")
                return redirect("network:group", uuid=group.uuid)
        elif what == "uscita":
            if not is_manager(user):
                raise NotAllowed
            form = forms["remove_form"] = MemberRemoveForm(request.POST, prefix="uscita")
            if form.is_valid():
                member = next(
                    (
                        m
                        for m in selectors.members_of(group, current_only=True)
                        if services.member_key(m) == form.cleaned_data["member"]
                    ),
                    None,
                )
                if member is None:
                    raise Http404
                services.group_member_remove(
                    actor=user, member=member, left_on=form.cleaned_data["left_on"]
                )
                messages.success(request, "Uscita dal gruppo registrata.")
                return redirect("network:group", uuid=group.uuid)
        elif what == "incontro":
            form = forms["meeting_form"] = MeetingForm(
                request.POST, request.FILES, prefix="incontro", members=_member_choices(group)
            )
            if form.is_valid():
                data = form.cleaned_data
                meeting = services.meeting_record(
                    actor=user,
                    group=group,
                    held_on=data["held_on"],
                    place=data["place"],
                    agenda=data["agenda"],
                    minutes=data["minutes"],
                    present_members=data["present"],
                    minutes_file=data["minutes_file"],
                )
                messages.success(request, "Incontro registrato con le presenze.")
                return redirect("network:meeting", uuid=meeting.uuid)
        elif what == "programma":
            form = forms["programme_form"] = ProgrammeForm(request.POST, prefix="programma")
            if form.is_valid():
                programme = services.programme_create(actor=user, group=group, **form.cleaned_data)
                messages.success(request, "Programma operativo creato: aggiungi le azioni.")
                return redirect("network:programme", uuid=programme.uuid)
        else:
            raise Http404
    except ValidationError as error:
        add_service_errors(form, error)
    context = _group_context(request, group, **forms)
    context["open_form"] = what
    return render(request, "network/groups/group.html", context, status=422)


# --- meetings --------------------------------------------------------------------------------


def _meeting_or_404(request, uuid):
    meeting = selectors.meeting_get(user=request.user, uuid=uuid)
    if meeting is None:
        raise Http404
    return meeting


@login_required
@permission_required(VIEW, raise_exception=True)
def meeting(request, uuid):
    meeting = _meeting_or_404(request, uuid)
    group = meeting.group
    runner = services.can_run_group(request.user, group)
    attendance = selectors.attendance_of(meeting)
    form = None
    if runner:
        present = [services.member_key(a.member) for a in attendance if a.present]
        form = MinutesForm(
            request.POST or None,
            request.FILES or None,
            members=_member_choices(group),
            initial={"minutes": meeting.minutes, "agenda": meeting.agenda, "present": present},
        )
    status = 200
    if request.method == "POST":
        if not runner:
            raise NotAllowed
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_update_minutes(
                    actor=request.user,
                    meeting=meeting,
                    minutes=data["minutes"],
                    agenda=data["agenda"],
                    present_members=data["present"],
                    minutes_file=data["minutes_file"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Verbale aggiornato.")
                return redirect("network:meeting", uuid=meeting.uuid)
        status = 422
    log_access(user=request.user, obj=meeting, detail={"read": "minutes"})
    return render(
        request,
        "network/groups/meeting.html",
        {
            "meeting": meeting,
            "group": group,
            "attendance": attendance,
            "form": form,
            "breadcrumbs": _crumbs(
                (group.name, reverse("network:group", args=[group.uuid])),
                (f"Incontro del {meeting.held_on:%d/%m/%Y}", None),
            ),
        },
        status=status,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def meeting_file(request, uuid):
    meeting = _meeting_or_404(request, uuid)
    if not meeting.file:
        raise Http404
    from ambito.core.files import stream_stored_file

    log_access(user=request.user, obj=meeting, detail={"read": "minutes_file"})
    name = download_name(f"verbale-{meeting.held_on:%Y-%m-%d}", meeting.content_type)
    return stream_stored_file(meeting.file.name, filename=name, content_type=meeting.content_type)


# --- programmes ------------------------------------------------------------------------------


def _programme_context(request, programme, **forms) -> dict:
    group = programme.group
    runner = services.can_run_group(request.user, group)
    context = {
        "programme": programme,
        "group": group,
        "actions": selectors.actions_of(programme),
        "runner": runner,
        "breadcrumbs": _crumbs(
            (group.name, reverse("network:group", args=[group.uuid])), (programme.title, None)
        ),
    }
    if runner:
        context["action_form"] = forms.get("action_form") or ProgrammeActionForm(
            prefix="azione",
            organisations=_zone_organisations(group),
            plan_actions=_plan_actions(group),
        )
        context["agree_form"] = forms.get("agree_form") or AgreeForm(
            prefix="concorda", meetings=group.meetings.order_by("-held_on")
        )
    return context


def _plan_actions(group):
    return (
        PlanAction.objects.filter(plan__zone_id=group.zone_id)
        .select_related("plan")
        .order_by("plan__title", "code")
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def programme(request, uuid):
    programme = selectors.programme_get(user=request.user, uuid=uuid)
    if programme is None:
        raise Http404
    if request.method != "POST":
        return render(
            request, "network/groups/programme.html", _programme_context(request, programme)
        )
    group = programme.group
    if not services.can_run_group(request.user, group):
        raise NotAllowed
    what = request.POST.get("azione_form")
    forms: dict = {}
    try:
        if what == "azione":
            form = forms["action_form"] = ProgrammeActionForm(
                request.POST,
                prefix="azione",
                organisations=_zone_organisations(group),
                plan_actions=_plan_actions(group),
            )
            if form.is_valid():
                saved = services.programme_action_save(
                    actor=request.user, programme=programme, **form.cleaned_data
                )
                messages.success(request, f"Azione {saved.code} salvata.")
                return redirect("network:programme", uuid=programme.uuid)
        elif what == "concorda":
            form = forms["agree_form"] = AgreeForm(
                request.POST, prefix="concorda", meetings=group.meetings.all()
            )
            if form.is_valid():
                services.programme_agree(
                    actor=request.user, programme=programme, **form.cleaned_data
                )
                messages.success(request, "Programma operativo concordato.")
                return redirect("network:programme", uuid=programme.uuid)
        else:
            raise Http404
    except ValidationError as error:
        add_service_errors(form, error)
    return render(
        request,
        "network/groups/programme.html",
        _programme_context(request, programme, **forms),
        status=422,
    )
