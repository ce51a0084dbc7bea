"""The UVM for child protection: the team (users and external professionals) and its
meetings on a case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from ..choices import ProfessionalKind
from ..models import UvmMeeting, UvmMember, UvmTeam
from .common import NOT_ALLOWED, require_case_access


def team_create(*, actor, name: str) -> UvmTeam:
    require(actor, "protection.add_uvmteam", message=NOT_ALLOWED)
    if not (name or "").strip():
        raise ValidationError({"name": "Indica il nome dell'UVM."})
    with transaction.atomic():
        team = UvmTeam.objects.create(zone_id=actor.zone_id, name=name.strip())
        log_event(user=actor, obj=team, action=EventAction.CREATE, fields=["*"])
    return team


def member_add(
    *, actor, team, profession: str, user=None, external_name: str = "", organisation: str = ""
) -> UvmMember:
    require(actor, "protection.change_uvmteam", message=NOT_ALLOWED)
    require_same_zone(actor, team.zone_id)
    errors = {}
    if profession not in ProfessionalKind.values:
        errors["profession"] = "Indica la professione."
    if user is None and not (external_name or "").strip():
        errors["external_name"] = "Scegli un utente o indica il nome del professionista esterno."
    if user is not None and user.zone_id != team.zone_id:
        errors["user"] = "L'utente non lavora in questo ambito."
    if user is not None and team.members.filter(user=user).exists():
        errors["user"] = "L'utente fa già parte dell'UVM."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = UvmMember.objects.create(
            team=team,
            user=user,
            external_name=(external_name or "").strip() if user is None else "",
            organisation=(organisation or "").strip(),
            profession=profession,
        )
        log_event(user=actor, obj=team, action=EventAction.LINK, fields=["members"])
    return member


def meeting_record(
    *, actor, team, case, held_on, present=(), decisions: str, minutes: str = ""
) -> UvmMeeting:
    require_case_access(actor, case, "protection.add_uvmmeeting")
    require_same_zone(actor, team.zone_id)
    errors = {}
    if held_on is None:
        errors["held_on"] = "Indica la data dell'incontro."
    elif held_on > timezone.localdate():
        errors["held_on"] = "La data dell'incontro non può essere nel futuro."
    if not (decisions or "").strip():
        errors["decisions"] = "Indica le decisioni dell'incontro."
    present = list(present)
    if any(m.team_id != team.pk for m in present):
        errors["present"] = "I presenti devono essere componenti di questa UVM."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = UvmMeeting.objects.create(
            zone_id=case.zone_id,
            team=team,
            case=case,
            held_on=held_on,
            decisions=decisions.strip(),
            minutes=(minutes or "").strip(),
            created_by=actor,
        )
        meeting.present.set(present)
        log_event(
            user=actor, obj=meeting, action=EventAction.CREATE, fields=["*"], person=case.person
        )
    return meeting
