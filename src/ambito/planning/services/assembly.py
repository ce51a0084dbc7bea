"""The assembly: meetings, attendance, quorum, deliberations numbered per year, and votes
weighted by the members' shares. Only members present (or represented by delegation) vote."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone
from ambito.territory.models import ConsortiumMember, Zone

from ..choices import AttendanceStatus, DeliberationOutcome, QuorumRule, VoteChoice
from ..models import Attendance, Deliberation, DeliberationAttachment, Meeting, Vote
from .common import NOT_ALLOWED

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.DELEGATE)


@transaction.atomic
def meeting_create(
    *,
    actor,
    held_on: dt.date,
    body: str = "Assemblea dei soci",
    time=None,
    place: str = "",
    convened_by: str = "",
    quorum_rule: str = QuorumRule.BOTH,
    agenda: list[str] = (),
) -> Meeting:
    require(actor, "planning.add_meeting", message=NOT_ALLOWED)
    errors: dict[str, str] = {}
    if held_on is None:
        errors["held_on"] = "Indica la data della seduta."
    if quorum_rule not in QuorumRule.values:
        errors["quorum_rule"] = "Regola del quorum non valida."
    if errors:
        raise ValidationError(errors)
    meeting = Meeting(
        zone_id=actor.zone_id,
        body=body,
        held_on=held_on,
        time=time,
        place=place,
        convened_by=convened_by,
        quorum_rule=quorum_rule,
    )
    meeting.full_clean()
    meeting.save()
    for position, title in enumerate([t for t in agenda if t.strip()], start=1):
        meeting.agenda.create(position=position, title=title.strip())
    log_event(user=actor, obj=meeting, action=EventAction.CREATE, fields=["*"])
    return meeting


@transaction.atomic
def attendance_record(
    *, actor, meeting: Meeting, member: ConsortiumMember, status: str, represented_by: str = ""
) -> Attendance:
    require(actor, "planning.change_meeting", message=NOT_ALLOWED)
    require_same_zone(actor, meeting.zone_id)
    errors: dict[str, str] = {}
    if member.zone_id != meeting.zone_id:
        errors["member"] = "Il socio non è di questo ambito."
    if status not in AttendanceStatus.values:
        errors["status"] = "Presenza non valida."
    if status == AttendanceStatus.DELEGATE and not (represented_by or "").strip():
        errors["represented_by"] = "Indica chi rappresenta il socio per delega."
    if meeting.deliberations.exists():
        errors["status"] = "La seduta ha già deliberazioni: le presenze non si cambiano più."
    if errors:
        raise ValidationError(errors)
    row, _ = Attendance.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"status": status, "represented_by": (represented_by or "").strip()},
    )
    log_event(user=actor, obj=meeting, fields=["attendance"], zone_id=meeting.zone_id)
    return row


def next_deliberation_number(zone_id: int, year: int) -> int:
    last = Deliberation.objects.filter(zone_id=zone_id, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def _weighted_outcome(votes: list[Vote]) -> str:
    """Approved when the shares in favour exceed the shares against (abstentions count for
    the quorum, not for the outcome)."""
    favour = sum((v.share for v in votes if v.choice == VoteChoice.FAVOUR), Decimal("0"))
    against = sum((v.share for v in votes if v.choice == VoteChoice.AGAINST), Decimal("0"))
    return DeliberationOutcome.APPROVED if favour > against else DeliberationOutcome.REJECTED


@transaction.atomic
def deliberation_record(
    *,
    actor,
    meeting: Meeting,
    subject: str,
    content: str,
    votes: dict,
    number: int | None = None,
    date: dt.date | None = None,
    immediately_executable: bool = False,
    attachments: list[tuple[str, int]] = (),
) -> Deliberation:
    """Record a deliberation of a meeting with each member's vote ({member: choice}). The
    number is the next of the year unless given; a number already used that year, a vote by
    a member not present, or a meeting without quorum are refused."""
    from ..selectors import quorum

    require(actor, "planning.add_deliberation", message=NOT_ALLOWED)
    require_same_zone(actor, meeting.zone_id)
    # The numbering lock; NO KEY: rows pointing at the zone need not wait for it.
    Zone.objects.select_for_update(no_key=True).filter(pk=meeting.zone_id).first()
    date = date or meeting.held_on
    errors: dict[str, str] = {}
    if not (subject or "").strip():
        errors["subject"] = "Indica l'oggetto della deliberazione."
    if number is None:
        number = next_deliberation_number(meeting.zone_id, date.year)
    elif number < 1:
        errors["number"] = "Il numero deve essere almeno 1."
    elif Deliberation.objects.filter(
        zone_id=meeting.zone_id, year=date.year, number=number
    ).exists():
        errors["number"] = f"Il numero {number} è già usato da una deliberazione del {date.year}."
    attendance = {a.member_id: a for a in meeting.attendance.select_related("member__organisation")}
    problems = []
    for member, choice in votes.items():
        row = attendance.get(member.pk)
        if choice not in VoteChoice.values:
            problems.append(f"{member.organisation}: voto non valido.")
        elif row is None or row.status not in PRESENT:
            problems.append(f"{member.organisation} non è presente alla seduta: non può votare.")
    if problems:
        errors["votes"] = " ".join(problems)
    elif not votes:
        errors["votes"] = "Registra il voto dei soci presenti."
    state = quorum(meeting)
    if not state.reached:
        errors["votes"] = f"Manca il numero legale: {state.explanation}"
    for title, pages in attachments:
        if not title.strip() or pages is None or pages < 0:
            errors["attachments"] = "Ogni allegato ha un titolo e un numero di pagine (≥ 0)."
    if errors:
        raise ValidationError(errors)
    deliberation = Deliberation(
        zone_id=meeting.zone_id,
        meeting=meeting,
        year=date.year,
        number=number,
        date=date,
        subject=subject.strip(),
        content=(content or "").strip(),
        immediately_executable=immediately_executable,
        outcome=DeliberationOutcome.REJECTED,
        recorded_by=actor,
    )
    deliberation.full_clean()
    rows = [
        Vote(deliberation=deliberation, member=member, choice=choice, share=member.share)
        for member, choice in votes.items()
    ]
    deliberation.outcome = _weighted_outcome(rows)
    deliberation.save()
    Vote.objects.bulk_create(rows)
    DeliberationAttachment.objects.bulk_create(
        DeliberationAttachment(deliberation=deliberation, title=title.strip(), pages=pages)
        for title, pages in attachments
    )
    log_event(user=actor, obj=deliberation, action=EventAction.CREATE, fields=["*"])
    return deliberation
