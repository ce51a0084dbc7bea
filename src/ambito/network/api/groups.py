"""§8 API of the working groups (members, meetings with attendance and minutes, programmes
and their actions), of the commitment records, and of a line's transparency figures. Scoped
as the pages: what the user may not see is a 404; every read of minutes is logged."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.audit import log_access
from ambito.core.permissions import require, working_zone
from ambito.planning.models import PlanObjective
from ambito.territory.models import Organisation

from ..models import CommitmentRecord
from ..selectors import commitments as commitment_selectors
from ..selectors import groups as group_selectors
from ..selectors.pact import line_get
from ..services import commitments as commitment_services
from ..services import groups as group_services

router = Router(tags=["Rete del Terzo settore"])

VIEW_GROUP = "network.view_workinggroup"
VIEW_RECORD = "network.view_commitmentrecord"


# --- working groups --------------------------------------------------------------------------


class LineRefOut(Schema):
    uuid: UUID
    code: str
    title: str


class WorkingGroupOut(Schema):
    uuid: UUID
    name: str
    kind: str
    line: LineRefOut
    purpose: str
    created_on: date
    closed_on: date | None


class GroupMemberOut(Schema):
    member: UUID = Field(description="UUID dell'ente, o dell'operatore dell'ambito")
    organisation: Ref | None
    user_name: str | None = Field(description="Operatore dell'ambito (se non è un ente)")
    role: str
    joined_on: date
    left_on: date | None


class MeetingSummaryOut(Schema):
    uuid: UUID
    held_on: date
    place: str
    present: int
    members: int


class ProgrammeActionOut(Schema):
    uuid: UUID
    code: str
    title: str
    description: str
    responsible: Ref | None
    due_on: date | None
    status: str
    plan_action: UUID | None


class OperatingProgrammeOut(Schema):
    uuid: UUID
    title: str
    period_start: date
    period_end: date
    status: str
    agreed_on: date | None
    agreed_at: UUID | None = Field(description="L'incontro in cui è stato concordato")
    actions: list[ProgrammeActionOut]


class WorkingGroupDetailOut(WorkingGroupOut):
    members: list[GroupMemberOut]
    meetings: list[MeetingSummaryOut]
    programmes: list[OperatingProgrammeOut]


class AttendanceOut(Schema):
    member: UUID
    name: str
    present: bool


class GroupMeetingOut(Schema):
    uuid: UUID
    group: UUID
    held_on: date
    place: str
    agenda: str
    minutes: str
    has_file: bool
    attendance: list[AttendanceOut]


def _line_ref(line) -> dict:
    return {"uuid": line.uuid, "code": line.code, "title": line.title}


def _group_out(group) -> dict:
    return {
        "uuid": group.uuid,
        "name": group.name,
        "kind": group.kind,
        "line": _line_ref(group.line),
        "purpose": group.purpose,
        "created_on": group.created_on,
        "closed_on": group.closed_on,
    }


def _ref(organisation) -> dict | None:
    return {"uuid": organisation.uuid, "name": organisation.name} if organisation else None


def _member_name(member) -> str:
    if member.organisation_id:
        return member.organisation.name
    return member.user.get_full_name() or member.user.username


def _member_out(member) -> dict:
    return {
        "member": group_services.member_key(member),
        "organisation": _ref(member.organisation),
        "user_name": None if member.organisation_id else _member_name(member),
        "role": member.role,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
    }


def _action_out(action) -> dict:
    return {
        "uuid": action.uuid,
        "code": action.code,
        "title": action.title,
        "description": action.description,
        "responsible": _ref(action.responsible),
        "due_on": action.due_on,
        "status": action.status,
        "plan_action": action.plan_action.uuid if action.plan_action_id else None,
    }


def _programme_out(programme) -> dict:
    return {
        "uuid": programme.uuid,
        "title": programme.title,
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "status": programme.status,
        "agreed_on": programme.agreed_on,
        "agreed_at": programme.agreed_at.uuid if programme.agreed_at_id else None,
        "actions": [_action_out(a) for a in programme.actions.all()],
    }


def _meeting_out(meeting) -> dict:
    return {
        "uuid": meeting.uuid,
        "group": meeting.group.uuid,
        "held_on": meeting.held_on,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "has_file": bool(meeting.file),
        "attendance": [
            {
                "member": group_services.member_key(a.member),
                "name": _member_name(a.member),
                "present": a.present,
            }
            for a in group_selectors.attendance_of(meeting)
        ],
    }


def _group_or_404(request, uuid):
    require(request.user, VIEW_GROUP)
    group = group_selectors.group_get(user=request.user, uuid=uuid)
    if group is None:
        raise Http404
    return group


@router.get(
    "/groups", response={200: list[WorkingGroupOut], **READ_ERRORS}, summary="Gruppi di lavoro"
)
@paginate(AmbitoPagination)
def list_working_groups(request):
    require(request.user, VIEW_GROUP)
    return group_selectors.groups_for(request.user)


@router.get(
    "/groups/{uuid}",
    response={200: WorkingGroupDetailOut, **READ_ERRORS},
    summary="Un gruppo di lavoro con componenti, incontri e programmi",
)
def get_working_group(request, uuid: UUID):
    group = _group_or_404(request, uuid)
    return {
        **_group_out(group),
        "members": [_member_out(m) for m in group_selectors.members_of(group)],
        "meetings": [
            {
                "uuid": m.uuid,
                "held_on": m.held_on,
                "place": m.place,
                "present": m.present_count,
                "members": m.member_count,
            }
            for m in group_selectors.meetings_of(group)
        ],
        "programmes": [_programme_out(p) for p in group_selectors.programmes_of(group)],
    }


@router.get(
    "/group-meetings/{uuid}",
    response={200: GroupMeetingOut, **READ_ERRORS},
    summary="Un incontro con presenze e verbale",
)
def get_group_meeting(request, uuid: UUID):
    require(request.user, VIEW_GROUP)
    meeting = group_selectors.meeting_get(user=request.user, uuid=uuid)
    if meeting is None:
        raise Http404
    log_access(user=request.user, obj=meeting, detail={"read": "minutes"})
    return _meeting_out(meeting)


class GroupMeetingIn(Schema):
    held_on: date
    place: str = Field("", max_length=200)
    agenda: str = ""
    minutes: str = ""
    present: list[UUID] = Field(
        default_factory=list,
        description="UUID degli enti (o degli operatori) presenti; gli altri componenti "
        "risultano assenti",
    )


@router.post(
    "/groups/{uuid}/meetings",
    response={201: GroupMeetingOut, **WRITE_ERRORS},
    summary="Registra un incontro con le presenze",
)
def create_group_meeting(request, uuid: UUID, payload: GroupMeetingIn):
    group = _group_or_404(request, uuid)
    meeting = group_services.meeting_record(
        actor=request.user,
        group=group,
        held_on=payload.held_on,
        place=payload.place,
        agenda=payload.agenda,
        minutes=payload.minutes,
        present_members=[str(key) for key in payload.present],
    )
    return Status(201, _meeting_out(meeting))


# --- commitment records ----------------------------------------------------------------------


class CommitmentRecordOut(Schema):
    uuid: UUID
    organisation: Ref
    line: LineRefOut
    side: str
    month: date = Field(description="Il primo giorno del mese")
    hours: Decimal
    people: int
    expenses: Money
    activities: str
    training_hours: Decimal
    training_note: str
    results: str


class CommitmentRecordIn(Schema):
    organisation: UUID | None = Field(
        None, description="L'ente (per un operatore del Terzo settore: il proprio, se omesso)"
    )
    line: UUID
    month: date = Field(description="Un giorno qualsiasi del mese (AAAA-MM-GG)")
    hours: Decimal = Field(..., max_digits=8, decimal_places=1)
    people: int = Field(0, ge=0, le=100_000)
    expenses: Decimal = Field(Decimal(0), max_digits=14, decimal_places=2)
    activities: str = ""
    training_hours: Decimal = Field(Decimal(0), max_digits=6, decimal_places=1)
    training_note: str = Field("", max_length=300)
    results: str = ""
    side: str = "third_sector"


class CommitmentRecordPatchIn(Schema):
    hours: Decimal | None = Field(None, max_digits=8, decimal_places=1)
    people: int | None = Field(None, ge=0, le=100_000)
    expenses: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    activities: str | None = None
    training_hours: Decimal | None = Field(None, max_digits=6, decimal_places=1)
    training_note: str | None = Field(None, max_length=300)
    results: str | None = None


def _record_out(record) -> dict:
    return {
        "uuid": record.uuid,
        "organisation": _ref(record.organisation),
        "line": _line_ref(record.line),
        "side": record.side,
        "month": record.month,
        "hours": record.hours,
        "people": record.people,
        "expenses": record.expenses,
        "activities": record.activities,
        "training_hours": record.training_hours,
        "training_note": record.training_note,
        "results": record.results,
    }


def _zone_line(request, uuid):
    """A line of the zone's pacts, for the network's readers (pact selectors)."""
    return line_get(user=request.user, uuid=uuid)


@router.get(
    "/commitments",
    response={200: list[CommitmentRecordOut], **READ_ERRORS},
    summary="Impegni documentati (per mese, linea, ente)",
)
@paginate(AmbitoPagination)
def list_commitment_records(
    request,
    line: Query[UUID | None] = None,
    month: Query[date | None] = None,
    organisation: Query[UUID | None] = None,
):
    require(request.user, VIEW_RECORD)
    zone = working_zone(request.user)
    line_row = _zone_line(request, line) if line else None
    org_row = None
    if organisation:
        org_row = Organisation.objects.filter(zone=zone, uuid=organisation).first()
    if (line and line_row is None) or (organisation and org_row is None):
        return CommitmentRecord.objects.none()
    return commitment_selectors.records_for(
        user=request.user, line=line_row, month=month, organisation=org_row
    )


@router.post(
    "/commitments",
    response={200: CommitmentRecordOut, 201: CommitmentRecordOut, **WRITE_ERRORS},
    summary="Documenta un mese (se già documentato lo aggiorna)",
)
def create_commitment_record(request, payload: CommitmentRecordIn):
    require(request.user, commitment_services.ADD)
    zone = working_zone(request.user)
    org_uuid = payload.organisation
    if org_uuid is None:
        organisation = Organisation.objects.filter(
            pk=getattr(request.user, "organisation_id", None) or 0, zone=zone
        ).first()
        if organisation is None:
            raise ValidationError({"organisation": ["Indica l'ente."]})
    else:
        organisation = Organisation.objects.filter(zone=zone, uuid=org_uuid).first()
        if organisation is None:
            raise Http404
    line = PlanObjective.objects.filter(uuid=payload.line).select_related("plan").first()
    if line is None:
        raise ValidationError({"line": ["Linea di intervento non trovata."]})
    existed = CommitmentRecord.objects.filter(
        organisation=organisation, line=line, month=payload.month.replace(day=1)
    ).exists()
    data = payload.dict(exclude={"organisation", "line", "month"})
    record = commitment_services.commitment_record_save(
        actor=request.user, organisation=organisation, line=line, month=payload.month, **data
    )
    return Status(200 if existed else 201, _record_out(record))


@router.patch(
    "/commitments/{uuid}",
    response={200: CommitmentRecordOut, **WRITE_ERRORS},
    summary="Modifica un mese documentato",
)
def update_commitment_record(request, uuid: UUID, payload: CommitmentRecordPatchIn):
    require(request.user, "network.change_commitmentrecord")
    record = commitment_selectors.record_get(user=request.user, uuid=uuid)
    if record is None:
        raise Http404
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    record = commitment_services.commitment_record_update(
        actor=request.user, record=record, **fields
    )
    return _record_out(record)


# --- transparency of a line ------------------------------------------------------------------


class TransparencyOrganisationOut(Schema):
    organisation: str
    side: str
    months: int
    hours: Decimal
    people: int
    expenses: Money
    training_hours: Decimal
    results: list[str]


class TransparencyMonthOut(Schema):
    month: date
    hours: Decimal
    training_hours: Decimal
    people: int
    expenses: Money
    organisations: int


class LineTransparencyOut(Schema):
    line: LineRefOut
    organisations: list[TransparencyOrganisationOut]
    months: list[TransparencyMonthOut]
    total_hours: Decimal
    total_expenses: Money
    total_training_hours: Decimal
    months_documented: int


@router.get(
    "/lines/{uuid}/transparency",
    response={200: LineTransparencyOut, **READ_ERRORS},
    summary="Trasparenza di una linea del patto (enti e cifre, nessuna persona)",
)
def get_line_transparency(request, uuid: UUID):
    line = _zone_line(request, uuid)
    if line is None:
        raise Http404
    figures = commitment_selectors.line_transparency(line=line, results_per_organisation=None)
    return {
        "line": _line_ref(line),
        "organisations": [
            {
                "organisation": o.name,
                "side": o.side,
                "months": o.months,
                "hours": o.hours,
                "people": o.people,
                "expenses": o.expenses,
                "training_hours": o.training_hours,
                "results": [f"{month:%m/%Y}: {text}" for month, text in o.results],
            }
            for o in figures.organisations
        ],
        "months": [
            {
                "month": m["month"],
                "hours": m["hours"] or 0,
                "training_hours": m["training_hours"] or 0,
                "people": m["people"] or 0,
                "expenses": m["expenses"] or 0,
                "organisations": m["organisations"],
            }
            for m in figures.months
        ],
        "total_hours": figures.totals["hours"],
        "total_expenses": figures.totals["expenses"],
        "total_training_hours": figures.totals["training_hours"],
        "months_documented": figures.totals["months"],
    }
