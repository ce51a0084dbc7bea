"""Working groups of a line of the pact (tables, project groups), their members
(organisations of the zone or zone staff), meetings with attendance and minutes, and the
operating programme each group agrees, with actions that may link to plan actions (§9).

The plan office (`network.manage_network`) runs every group of its zone; a group's
coordinator member (an organisation through its operators, or a staff user) records the
group's meetings and writes its programme. Every write is logged (field names only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require_same_zone

from ..choices import GroupKind, GroupRole, ProgrammeActionStatus, ProgrammeStatus
from ..models import (
    GroupMeeting,
    GroupMember,
    MeetingAttendance,
    OperatingProgramme,
    ProgrammeAction,
    WorkingGroup,
)
from .common import NOT_ALLOWED, attach_upload, is_manager, require_line_of_zone, require_manager


def _text(value) -> str:
    return (value or "").strip()


def member_key(member: GroupMember) -> str:
    """The public identifier of a member: its organisation's UUID, or its user's."""
    return str(member.organisation.uuid if member.organisation_id else member.user.uuid)


def is_coordinator(actor, group: WorkingGroup) -> bool:
    """The actor, or the actor's organisation, is a current coordinator of the group."""
    if not getattr(actor, "is_authenticated", False):
        return False
    who = Q(user_id=actor.pk)
    if getattr(actor, "organisation_id", None):
        who |= Q(organisation_id=actor.organisation_id)
    return GroupMember.objects.filter(
        who, group=group, role=GroupRole.COORDINATOR, left_on__isnull=True
    ).exists()


def can_run_group(actor, group: WorkingGroup) -> bool:
    """Plan office of the group's zone, or the group's coordinator member."""
    if getattr(actor, "zone_id", None) != group.zone_id:
        return False
    return is_manager(actor) or is_coordinator(actor, group)


def require_group_runner(actor, group: WorkingGroup) -> None:
    require_same_zone(actor, group.zone_id)
    if is_manager(actor):
        return
    if not WorkingGroup.objects.visible_to(actor).filter(pk=group.pk).exists():
        raise NotAllowed(hide=True)
    if not is_coordinator(actor, group):
        raise NotAllowed(NOT_ALLOWED)


def _not_future(day, field: str, label: str, errors: dict) -> None:
    if day is None:
        errors[field] = f"Indica {label}."
    elif day > timezone.localdate():
        errors[field] = f"{label[0].upper()}{label[1:]} non può essere nel futuro."


# --- groups and members ----------------------------------------------------------------------


@transaction.atomic
def group_create(
    *, actor, line, name: str, kind: str, purpose: str = "", created_on: dt.date
) -> WorkingGroup:
    zone_id = getattr(actor, "zone_id", None)
    require_manager(actor, zone_id)
    errors: dict[str, str] = {}
    try:
        require_line_of_zone(line, zone_id)
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    name = _text(name)
    if not name:
        errors["name"] = "Indica il nome del gruppo."
    elif WorkingGroup.objects.filter(zone_id=zone_id, name__iexact=name).exists():
        errors["name"] = "Nell'ambito c'è già un gruppo con questo nome."
    if kind not in GroupKind.values:
        errors["kind"] = "Scegli il tipo di gruppo."
    _not_future(created_on, "created_on", "la data di costituzione", errors)
    if errors:
        raise ValidationError(errors)
    group = WorkingGroup(
        zone_id=zone_id,
        line=line,
        name=name,
        kind=kind,
        purpose=_text(purpose),
        created_on=created_on,
    )
    group.full_clean()
    group.save()
    log_event(user=actor, obj=group, action=EventAction.CREATE, fields=["*"])
    return group


@transaction.atomic
def group_member_add(
    *,
    actor,
    group: WorkingGroup,
    organisation=None,
    user=None,
    role: str = GroupRole.MEMBER,
    joined_on: dt.date,
) -> GroupMember:
    require_manager(actor, group.zone_id)
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    errors: dict[str, str] = {}
    if (organisation is None) == (user is None):
        errors["organisation"] = "Indica un ente oppure un operatore dell'ambito (uno dei due)."
    elif organisation is not None:
        if organisation.zone_id != group.zone_id:
            errors["organisation"] = "L'ente non è di questo ambito."
        elif group.members.filter(organisation=organisation, left_on__isnull=True).exists():
            errors["organisation"] = "L'ente fa già parte del gruppo."
    else:
        if getattr(user, "zone_id", None) != group.zone_id or not user.is_active:
            errors["user"] = "L'operatore non lavora in questo ambito."
        elif group.members.filter(user=user, left_on__isnull=True).exists():
            errors["user"] = "L'operatore fa già parte del gruppo."
    if role not in GroupRole.values:
        errors["role"] = "Scegli il ruolo nel gruppo."
    if joined_on is None:
        errors["joined_on"] = "Indica da quando fa parte del gruppo."
    elif joined_on < group.created_on:
        errors["joined_on"] = "L'adesione al gruppo non può precedere la sua costituzione."
    if group.closed_on:
        errors["group"] = "Il gruppo è chiuso."
    if errors:
        raise ValidationError(errors)
    member = GroupMember(
        group=group, organisation=organisation, user=user, role=role, joined_on=joined_on
    )
    member.full_clean()
    member.save()
    log_event(
        user=actor,
        obj=group,
        action=EventAction.UPDATE,
        fields=["members"],
        note="componente aggiunto",
    )
    return member


@transaction.atomic
def group_member_remove(*, actor, member: GroupMember, left_on: dt.date) -> GroupMember:
    group = member.group
    require_manager(actor, group.zone_id)
    member = GroupMember.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, str] = {}
    if member.left_on is not None:
        errors["left_on"] = "Il componente ha già lasciato il gruppo."
    elif left_on is None:
        errors["left_on"] = "Indica la data di uscita dal gruppo."
    elif left_on < member.joined_on:
        errors["left_on"] = "L'uscita non può precedere l'ingresso nel gruppo."
    elif left_on > timezone.localdate():
        errors["left_on"] = "La data di uscita non può essere nel futuro."
    if errors:
        raise ValidationError(errors)
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    log_event(user=actor, obj=group, action=EventAction.UPDATE, fields=["members"], note="uscita")
    return member


# --- meetings --------------------------------------------------------------------------------


def _present_keys(present_members: Iterable) -> set[str]:
    """Members given as GroupMember rows, their pks, or their public keys (member_key)."""
    keys: set[str] = set()
    for item in present_members or ():
        keys.add(f"pk:{item.pk}" if isinstance(item, GroupMember) else str(item))
    return keys


def _attendance(group: WorkingGroup, present_members, errors: dict) -> list[tuple]:
    """(member, present) for every current member of the group; an unknown name is an error."""
    current = list(
        group.members.filter(left_on__isnull=True).select_related("organisation", "user")
    )
    keys = _present_keys(present_members)
    known: set[str] = set()
    rows = []
    for member in current:
        names = {f"pk:{member.pk}", str(member.pk), member_key(member)}
        known |= names
        rows.append((member, bool(names & keys)))
    if keys - known:
        errors["present_members"] = "Tra i presenti c'è chi non è componente attuale del gruppo."
    if not current:
        errors["present_members"] = "Il gruppo non ha componenti: aggiungili prima dell'incontro."
    return rows


@transaction.atomic
def meeting_record(
    *,
    actor,
    group: WorkingGroup,
    held_on: dt.date,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
    present_members: list,
    minutes_file=None,
) -> GroupMeeting:
    require_group_runner(actor, group)
    errors: dict[str, str] = {}
    _not_future(held_on, "held_on", "la data dell'incontro", errors)
    if held_on and held_on < group.created_on:
        errors["held_on"] = "L'incontro non può precedere la costituzione del gruppo."
    rows = _attendance(group, present_members, errors)
    if errors:
        raise ValidationError(errors)
    meeting = GroupMeeting(
        group=group,
        held_on=held_on,
        place=_text(place)[:200],
        agenda=_text(agenda),
        minutes=_text(minutes),
        recorded_by=actor,
    )
    if minutes_file is not None:
        attach_upload(meeting, minutes_file, field="minutes_file")
    new_file = meeting.file.name if minutes_file is not None else None
    return _save_with_file(new_file, lambda: _save_meeting(actor, meeting, rows))


def _save_with_file(new_file: str | None, write):
    """Run `write`; a file just stored for it goes if the write fails."""
    if new_file:
        from ambito.core.files import deleted_if_failed

        with deleted_if_failed(new_file):
            return write()
    return write()


def _save_meeting(actor, meeting: GroupMeeting, rows) -> GroupMeeting:
    meeting.full_clean()
    meeting.save()
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, member=m, present=present) for m, present in rows]
    )
    log_event(
        user=actor,
        obj=meeting,
        action=EventAction.CREATE,
        fields=["*", "attendance"],
        zone_id=meeting.group.zone_id,
    )
    return meeting


@transaction.atomic
def meeting_update_minutes(
    *,
    actor,
    meeting: GroupMeeting,
    minutes: str,
    agenda: str | None = None,
    place: str | None = None,
    present_members: list | None = None,
    minutes_file=None,
) -> GroupMeeting:
    """Change the minutes (text and/or signed file), and optionally the agenda, the place
    and the attendance (every current member again, present or absent)."""
    group = meeting.group
    require_group_runner(actor, group)
    meeting = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
    errors: dict[str, str] = {}
    rows = _attendance(group, present_members, errors) if present_members is not None else None
    if errors:
        raise ValidationError(errors)
    data = {"minutes": _text(minutes)}
    if agenda is not None:
        data["agenda"] = _text(agenda)
    if place is not None:
        data["place"] = _text(place)[:200]
    changed = changed_fields(meeting, data)
    for name, value in data.items():
        setattr(meeting, name, value)
    old_file = meeting.file.name if meeting.file else ""
    if minutes_file is not None:
        attach_upload(meeting, minutes_file, field="minutes_file")
        changed += ["file", "file_name", "content_type", "size"]

    def write():
        if rows is not None:
            before = dict(meeting.attendance.values_list("member_id", "present"))
            after = {m.pk: present for m, present in rows}
            if before != after:
                meeting.attendance.all().delete()
                MeetingAttendance.objects.bulk_create(
                    [MeetingAttendance(meeting=meeting, member=m, present=p) for m, p in rows]
                )
                changed.append("attendance")
        if not changed:
            return meeting
        meeting.full_clean()
        meeting.save()
        log_event(user=actor, obj=meeting, fields=changed, zone_id=group.zone_id, note="verbale")
        return meeting

    saved = _save_with_file(meeting.file.name if minutes_file is not None else None, write)
    if minutes_file is not None and old_file and old_file != meeting.file.name:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: default_storage.delete(old_file))
    return saved


# --- the operating programme -----------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor, group: WorkingGroup, title: str, period_start: dt.date, period_end: dt.date
) -> OperatingProgramme:
    require_group_runner(actor, group)
    errors: dict[str, str] = {}
    title = _text(title)
    if not title:
        errors["title"] = "Indica il titolo del programma operativo."
    if period_start is None:
        errors["period_start"] = "Indica l'inizio del periodo."
    if period_end is None:
        errors["period_end"] = "Indica la fine del periodo."
    elif period_start and period_end < period_start:
        errors["period_end"] = "La fine del periodo non può precedere l'inizio."
    if errors:
        raise ValidationError(errors)
    programme = OperatingProgramme(
        group=group, title=title, period_start=period_start, period_end=period_end
    )
    programme.full_clean()
    programme.save()
    log_event(
        user=actor,
        obj=programme,
        action=EventAction.CREATE,
        fields=["*"],
        zone_id=group.zone_id,
    )
    return programme


@transaction.atomic
def programme_agree(
    *, actor, programme: OperatingProgramme, agreed_on: dt.date, meeting: GroupMeeting | None = None
) -> OperatingProgramme:
    group = programme.group
    require_group_runner(actor, group)
    programme = OperatingProgramme.objects.select_for_update().get(pk=programme.pk)
    errors: dict[str, str] = {}
    if programme.status == ProgrammeStatus.AGREED:
        errors["status"] = "Il programma è già stato concordato."
    _not_future(agreed_on, "agreed_on", "la data in cui è stato concordato", errors)
    if meeting is not None:
        if meeting.group_id != group.pk:
            errors["meeting"] = "L'incontro non è di questo gruppo."
        elif agreed_on and meeting.held_on != agreed_on:
            errors["agreed_on"] = "La data non coincide con quella dell'incontro indicato."
    if not programme.actions.exists():
        errors["actions"] = "Il programma non ha azioni: aggiungile prima di concordarlo."
    if errors:
        raise ValidationError(errors)
    programme.status = ProgrammeStatus.AGREED
    programme.agreed_on = agreed_on
    programme.agreed_at = meeting
    programme.save(update_fields=["status", "agreed_on", "agreed_at"])
    log_event(
        user=actor,
        obj=programme,
        fields=["status", "agreed_on", "agreed_at"],
        zone_id=group.zone_id,
    )
    return programme


@transaction.atomic
def programme_action_save(
    *,
    actor,
    programme: OperatingProgramme,
    code: str,
    title: str,
    description: str = "",
    responsible=None,
    due_on: dt.date | None = None,
    status: str = ProgrammeActionStatus.PLANNED,
    plan_action=None,
) -> ProgrammeAction:
    """Add the action with `code` to the programme, or change it when the code exists."""
    group = programme.group
    require_group_runner(actor, group)
    programme = OperatingProgramme.objects.select_for_update().get(pk=programme.pk)
    errors: dict[str, str] = {}
    code = _text(code)
    title = _text(title)
    if not code:
        errors["code"] = "Indica il codice dell'azione (per esempio «A1»)."
    if not title:
        errors["title"] = "Indica il titolo dell'azione."
    if status not in ProgrammeActionStatus.values:
        errors["status"] = "Scegli lo stato dell'azione."
    if responsible is not None and responsible.zone_id != group.zone_id:
        errors["responsible"] = "L'ente responsabile non è di questo ambito."
    if plan_action is not None and plan_action.plan.zone_id != group.zone_id:
        errors["plan_action"] = "L'azione del piano non è di questo ambito."
    if due_on and not programme.period_start <= due_on <= programme.period_end:
        errors["due_on"] = (
            f"La scadenza è fuori dal periodo del programma "
            f"({programme.period_start:%d/%m/%Y} - {programme.period_end:%d/%m/%Y})."
        )
    if errors:
        raise ValidationError(errors)
    data = {
        "title": title,
        "description": _text(description),
        "responsible": responsible,
        "due_on": due_on,
        "status": status,
        "plan_action": plan_action,
    }
    action = ProgrammeAction.objects.filter(programme=programme, code=code).first()
    if action is None:
        action = ProgrammeAction(programme=programme, code=code, **data)
        action.full_clean()
        action.save()
        log_event(
            user=actor,
            obj=action,
            action=EventAction.CREATE,
            fields=["*"],
            zone_id=group.zone_id,
        )
        return action
    changed = changed_fields(action, data)
    if not changed:
        return action
    for name, value in data.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    log_event(user=actor, obj=action, fields=changed, zone_id=group.zone_id)
    return action
