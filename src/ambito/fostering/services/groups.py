"""Support groups (*gruppi di auto mutuo aiuto*, seed 003 §C.7) of foster families and their
meetings with the families present. The foster-care centre records them."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction

from ..models import GroupMeeting, SupportGroup
from .common import require_manager


@transaction.atomic
def group_create(
    *, actor, name: str, started_on: date, facilitator: str = "", place: str = "", families=()
) -> SupportGroup:
    require_manager(actor, actor.zone_id)
    families = list(families)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Indica il nome del gruppo."
    if started_on is None:
        errors["started_on"] = "Indica la data di avvio."
    if any(family.zone_id != actor.zone_id for family in families):
        errors["families"] = "Una o più famiglie non sono dell'albo di questo ambito."
    if errors:
        raise ValidationError(errors)
    group = SupportGroup.objects.create(
        zone_id=actor.zone_id,
        name=name.strip(),
        started_on=started_on,
        facilitator=(facilitator or "").strip(),
        place=(place or "").strip(),
    )
    group.families.set(families)
    log_event(user=actor, obj=group, action=EventAction.CREATE, fields=["*"])
    return group


@transaction.atomic
def group_meeting_add(
    *, actor, group: SupportGroup, held_on: date, topic: str = "", families=()
) -> GroupMeeting:
    require_manager(actor, group.zone_id)
    families = list(families)
    errors = {}
    if held_on is None:
        errors["held_on"] = "Indica la data dell'incontro."
    elif held_on < group.started_on:
        errors["held_on"] = "L'incontro non può precedere l'avvio del gruppo."
    members = set(group.families.values_list("pk", flat=True))
    if any(family.pk not in members for family in families):
        errors["families"] = "Le famiglie presenti devono essere del gruppo."
    if errors:
        raise ValidationError(errors)
    meeting = GroupMeeting.objects.create(
        group=group, held_on=held_on, topic=(topic or "").strip(), recorded_by=actor
    )
    meeting.families.set(families)
    log_event(user=actor, obj=group, fields=["meetings"])
    return meeting
