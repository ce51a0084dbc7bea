"""Affido familiare: API under /api/v1/affido/, scoped as the pages.

- /famiglie (the foster-care centre): the register, one family, a new application;
- /cartelle/{uuid}/famiglie-compatibili (the case team, the centre): the matching families,
  names only;
- /affidi: the placements the user may see, one placement with its meetings, a new placement;
- /gruppi (the centre): support groups;
- /cifre (also the plan office, the zone administrator, the assembly): figures only."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.permissions import NotAllowed, require
from ambito.registry.models import Person
from ambito.registry.selectors import age_on
from ambito.territory.models import Municipality

from ..choices import FamilyStatus, FosterKind, PlacementBasis
from ..models import FosterFamily
from ..scoping import MANAGE, ZONE
from ..selectors import register as sel
from ..selectors.matching import matching_families
from ..selectors.reports import foster_report, report_zone
from ..services import families as family_services
from ..services import placements as placement_services
from ..services.common import NOT_ALLOWED

router = Router(tags=["Affido familiare"])

KINDS = ", ".join(FosterKind.values)
STATUSES = ", ".join(FamilyStatus.values)
BASES = ", ".join(PlacementBasis.values)


class FosterFamilyOut(Schema):
    uuid: UUID
    reference_adults: str
    municipality: Ref
    status: str = Field(..., description=f"Uno tra: {STATUSES}")
    kinds: list[str] = Field(..., description=f"Tipi di affido tra: {KINDS}")
    age_min: int
    age_max: int
    siblings_accepted: bool
    capacity: int


class FosterFamilyDetailOut(FosterFamilyOut):
    address: str
    phone: str
    email: str
    applied_on: date
    registered_on: date | None
    withdrawn_on: date | None


class FosterFamilyIn(Schema):
    reference_adults: str = Field(..., max_length=300)
    municipality: UUID
    applied_on: date
    kinds: list[str] = Field([], description=f"Tipi di affido tra: {KINDS}")
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    age_min: int = Field(0, ge=0, le=21)
    age_max: int = Field(17, ge=0, le=21)
    siblings_accepted: bool = False
    capacity: int = Field(1, ge=1, le=10)
    notes: str = ""


class FosterFamilyFilters(Schema):
    status: str | None = Field(None, description=f"Uno tra: {STATUSES}")
    kind: str | None = Field(None, description=f"Uno tra: {KINDS}")


class FosterMatchOut(Schema):
    uuid: UUID
    name: str
    municipality: str


class FosterMatchFilters(Schema):
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    starts_on: date
    children: list[UUID] = Field(..., description="Minori della cartella (uuid della persona)")


class FosterMeetingOut(Schema):
    held_on: date
    kind: str
    place: str
    notes: str


class FosterPlacementOut(Schema):
    uuid: UUID
    case: UUID
    case_number: str
    family: Ref
    children: list[Ref]
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    basis: str = Field(..., description=f"Uno tra: {BASES}")
    court_reference: str
    consent_on: date | None
    ratified_on: date | None
    starts_on: date
    planned_end_on: date | None
    ended_on: date | None
    end_reason: str
    monthly_contribution: Money


class FosterPlacementDetailOut(FosterPlacementOut):
    meetings: list[FosterMeetingOut]


class FosterPlacementIn(Schema):
    case: UUID
    family: UUID
    children: list[UUID]
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    basis: str = Field(..., description=f"Uno tra: {BASES}")
    starts_on: date
    planned_end_on: date | None = None
    court_reference: str = Field("", max_length=200)
    consent_on: date | None = None
    ratified_on: date | None = None
    monthly_contribution: Decimal = Field(Decimal("0"), ge=0, le=10000, decimal_places=2)
    notes: str = ""


class FosterPlacementFilters(Schema):
    kind: str | None = Field(None, description=f"Uno tra: {KINDS}")
    open: bool | None = None


class FosterGroupOut(Schema):
    uuid: UUID
    name: str
    facilitator: str
    started_on: date
    active: bool
    families: int
    meetings: int


class FosterKindFiguresOut(Schema):
    kind: str
    label: str
    families_available: int
    placements_open: int
    minors_open: int
    placements_closed: int
    mean_days_open: float | None
    median_days_open: float | None
    mean_days_closed: float | None
    median_days_closed: float | None


class FosterFiguresOut(Schema):
    on: date
    minors_in_placement: int
    placements_open: int
    placements_closed: int
    families_suspended: int
    kinds: list[FosterKindFiguresOut]


class FosterFiguresFilters(Schema):
    on: date | None = None


def _ref(obj, name) -> dict:
    return {"uuid": obj.uuid, "name": name}


def _family_out(family) -> dict:
    return {
        "uuid": family.uuid,
        "reference_adults": family.reference_adults,
        "municipality": _ref(family.municipality, family.municipality.name),
        "status": family.status,
        "kinds": [a.kind for a in family.availability.all()],
        "age_min": family.age_min,
        "age_max": family.age_max,
        "siblings_accepted": family.siblings_accepted,
        "capacity": family.capacity,
    }


def _family_detail(family) -> dict:
    return {
        **_family_out(family),
        "address": family.address,
        "phone": family.phone,
        "email": family.email,
        "applied_on": family.applied_on,
        "registered_on": family.registered_on,
        "withdrawn_on": family.withdrawn_on,
    }


def _placement_out(p) -> dict:
    return {
        "uuid": p.uuid,
        "case": p.case.uuid,
        "case_number": p.case.number,
        "family": _ref(p.family, p.family.reference_adults),
        "children": [_ref(c, f"{c.first_name} {c.last_name}") for c in p.children.all()],
        "kind": p.kind,
        "basis": p.basis,
        "court_reference": p.court_reference,
        "consent_on": p.consent_on,
        "ratified_on": p.ratified_on,
        "starts_on": p.starts_on,
        "planned_end_on": p.planned_end_on,
        "ended_on": p.ended_on,
        "end_reason": p.end_reason,
        "monthly_contribution": p.monthly_contribution,
    }


def _check_choice(value, values, field, label):
    if value and value not in values:
        raise ValidationError({field: [f"{label} non valido: usa uno tra {', '.join(values)}."]})


@router.get("/famiglie", response={200: list[FosterFamilyOut], **READ_ERRORS}, summary="Albo")
@paginate(AmbitoPagination)
def list_families(request, filters: Query[FosterFamilyFilters]):
    require(request.user, ZONE, message=NOT_ALLOWED)
    _check_choice(filters.status, FamilyStatus.values, "status", "Stato")
    _check_choice(filters.kind, FosterKind.values, "kind", "Tipo")
    log_access(user=request.user, action=AccessAction.SEARCH, object_type="fostering.fosterfamily")
    return [
        _family_out(f)
        for f in sel.families_for(
            user=request.user, status=filters.status or "", kind=filters.kind or ""
        )
    ]


@router.get(
    "/famiglie/{uuid}", response={200: FosterFamilyDetailOut, **READ_ERRORS}, summary="Una famiglia"
)
def get_family(request, uuid: UUID):
    require(request.user, ZONE, message=NOT_ALLOWED)
    family = sel.family_for(user=request.user, uuid=uuid)
    if family is None:
        raise Http404
    log_access(user=request.user, obj=family)
    return _family_detail(family)


@router.post(
    "/famiglie",
    response={201: FosterFamilyDetailOut, **WRITE_ERRORS},
    summary="Registra la domanda di una famiglia",
)
def create_family(request, payload: FosterFamilyIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    municipality = Municipality.objects.filter(
        uuid=payload.municipality, zone_id=request.user.zone_id
    ).first()
    if municipality is None:
        raise ValidationError({"municipality": ["Comune non trovato in questo ambito."]})
    data = payload.dict()
    data["municipality"] = municipality
    family = family_services.family_create(actor=request.user, **data)
    return Status(201, _family_detail(sel.family_for(user=request.user, uuid=family.uuid)))


def _case(request, uuid):
    case = sel.case_for(user=request.user, uuid=uuid)
    if case is None:
        raise Http404
    return case


def _children(case, uuids):
    allowed = placement_services.case_children(case)
    found = list(Person.objects.filter(pk__in=allowed.values("pk"), uuid__in=uuids))
    if len(found) != len(set(uuids)):
        raise ValidationError(
            {"children": ["Si affidano solo i minori della cartella o del suo nucleo."]}
        )
    return found


@router.get(
    "/cartelle/{uuid}/famiglie-compatibili",
    response={200: list[FosterMatchOut], **READ_ERRORS},
    summary="Famiglie compatibili con un affido della cartella",
)
@paginate(AmbitoPagination)
def list_matching_families(request, uuid: UUID, filters: Query[FosterMatchFilters]):
    require(request.user, "fostering.add_placement", message=NOT_ALLOWED)
    case = _case(request, uuid)
    _check_choice(filters.kind, FosterKind.values, "kind", "Tipo")
    children = _children(case, filters.children)
    ages = [age_on(c.birth_date, filters.starts_on) for c in children]
    rows = matching_families(
        zone_id=case.zone_id, kind=filters.kind, on=filters.starts_on, ages=ages
    )
    return [
        {"uuid": f.uuid, "name": f.reference_adults, "municipality": f.municipality.name}
        for f in rows
    ]


@router.get("/affidi", response={200: list[FosterPlacementOut], **READ_ERRORS}, summary="Affidi")
@paginate(AmbitoPagination)
def list_placements(request, filters: Query[FosterPlacementFilters]):
    require(request.user, "fostering.view_placement", message=NOT_ALLOWED)
    _check_choice(filters.kind, FosterKind.values, "kind", "Tipo")
    rows = list(
        sel.placements_for(user=request.user, kind=filters.kind or "", open_only=filters.open)
    )
    persons = {c for p in rows for c in p.children.all()}
    if persons:
        log_access(user=request.user, object_type="fostering.placement", persons=list(persons))
    return [_placement_out(p) for p in rows]


def _placement(request, uuid):
    placement = sel.placement_for(user=request.user, uuid=uuid)
    if placement is None:
        raise Http404
    return placement


def _placement_detail(request, placement) -> dict:
    log_access(user=request.user, obj=placement, persons=list(placement.children.all()))
    return {
        **_placement_out(placement),
        "meetings": [
            {"held_on": m.held_on, "kind": m.kind, "place": m.place, "notes": m.notes}
            for m in placement.meetings.all()
        ],
    }


@router.get(
    "/affidi/{uuid}", response={200: FosterPlacementDetailOut, **READ_ERRORS}, summary="Un affido"
)
def get_placement(request, uuid: UUID):
    require(request.user, "fostering.view_placement", message=NOT_ALLOWED)
    return _placement_detail(request, _placement(request, uuid))


@router.post(
    "/affidi",
    response={201: FosterPlacementDetailOut, **WRITE_ERRORS},
    summary="Registra un affido",
)
def create_placement(request, payload: FosterPlacementIn):
    require(request.user, "fostering.add_placement", message=NOT_ALLOWED)
    case = _case(request, payload.case)
    family = FosterFamily.objects.filter(uuid=payload.family, zone_id=case.zone_id).first()
    if family is None:
        raise ValidationError({"family": ["Famiglia non trovata nell'albo di questo ambito."]})
    data = payload.dict()
    data.update(case=case, family=family, children=_children(case, payload.children))
    placement = placement_services.placement_create(actor=request.user, **data)
    return Status(201, _placement_detail(request, _placement(request, placement.uuid)))


@router.get("/gruppi", response={200: list[FosterGroupOut], **READ_ERRORS}, summary="Gruppi")
@paginate(AmbitoPagination)
def list_groups(request):
    require(request.user, ZONE, message=NOT_ALLOWED)
    return [
        {
            "uuid": g.uuid,
            "name": g.name,
            "facilitator": g.facilitator,
            "started_on": g.started_on,
            "active": g.active,
            "families": g.family_count,
            "meetings": g.meeting_count,
        }
        for g in sel.groups_for(user=request.user)
    ]


@router.get("/cifre", response={200: FosterFiguresOut, **READ_ERRORS}, summary="Cifre dell'affido")
def get_figures(request, filters: Query[FosterFiguresFilters]):
    try:
        zone_id = report_zone(request.user)
    except NotAllowed:
        raise NotAllowed(NOT_ALLOWED) from None
    on = filters.on or timezone.localdate()
    report = foster_report(zone_id, on)
    return {
        "on": on,
        "minors_in_placement": report.minors_in_placement,
        "placements_open": report.placements_open,
        "placements_closed": report.placements_closed,
        "families_suspended": report.families_suspended,
        "kinds": [k.__dict__ for k in report.kinds],
    }
