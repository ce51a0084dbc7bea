"""§6 Emergency API: shelters' availability, who is on call, reports (create, figures),
placements (list, create, end). The same rules as the pages: permission and zone checked by
the services, a full or closed shelter a 422 with the Italian message, nothing written."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS
from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.permissions import require, working_zone
from ambito.territory.models import Municipality

from . import reports, selectors, services
from .choices import PlaceType, ReporterKind
from .models import Emergency, Placement, Shelter, UrgencyCriterion

router = Router(tags=["Pronto intervento sociale"])


class PlacesOut(Schema):
    place_type: PlaceType
    capacity: int
    occupied: int
    free: int


class ShelterOut(Schema):
    uuid: UUID
    name: str
    municipality: str
    is_open: bool
    free: int
    places: list[PlacesOut]


@router.get(
    "/emergency/availability",
    response={200: list[ShelterOut], **READ_ERRORS},
    summary="Posti liberi nelle strutture di pronta accoglienza",
)
@paginate(AmbitoPagination)
def list_availability(request, place_type: PlaceType | None = None):
    require(request.user, "emergency.view_shelter")
    rows = selectors.availability(user=request.user)
    return [
        {
            "uuid": row.shelter.uuid,
            "name": row.shelter.name,
            "municipality": row.shelter.municipality.name,
            "is_open": row.shelter.is_open,
            "free": row.free_for(place_type) if place_type else row.free,
            "places": [
                {
                    "place_type": p.place_type,
                    "capacity": p.capacity,
                    "occupied": p.occupied,
                    "free": p.free if row.shelter.is_open else 0,
                }
                for p in row.places
                if place_type is None or p.place_type == place_type
            ],
        }
        for row in rows
    ]


class ShiftOut(Schema):
    name: str
    role: str
    phone: str
    starts_at: datetime
    ends_at: datetime


@router.get(
    "/emergency/on-call", response={200: list[ShiftOut], **READ_ERRORS}, summary="In turno ora"
)
@paginate(AmbitoPagination)
def list_on_call(request):
    require(request.user, "emergency.view_oncallshift")
    return [
        {
            "name": s.user.get_full_name() or s.user.username,
            "role": s.role,
            "phone": s.phone,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
        }
        for s in selectors.on_call_now(user=request.user)
    ]


class PersonIn(Schema):
    first_name: str = ""
    last_name: str = ""
    fiscal_code: str = ""
    age: int | None = None
    sex: str = ""
    is_minor: bool = False
    description: str = ""


class EmergencyIn(Schema):
    reported_at: datetime
    reporter_kind: ReporterKind
    reporter_name: str = ""
    reporter_phone: str = ""
    municipality: str = Field(..., description="Codice ISTAT del comune")
    handover_municipality: str | None = Field(None, description="Codice ISTAT, se diverso")
    location: str = Field(..., max_length=200)
    situation: str = Field(..., max_length=4000)
    criteria: list[str] = Field(default_factory=list, description="Codici dei criteri")
    persons: list[PersonIn] = Field(default_factory=list, max_length=10)


class EmergencyOut(Schema):
    uuid: UUID
    number: str
    reported_at: datetime
    outcome: str
    involves_minor: bool
    first_response_at: datetime | None
    placed_at: datetime | None
    handover_municipality: str
    handover_due_on: date


def _emergency_out(emergency: Emergency) -> dict:
    handover = emergency.handover
    return {
        "uuid": emergency.uuid,
        "number": emergency.number,
        "reported_at": emergency.reported_at,
        "outcome": emergency.outcome,
        "involves_minor": emergency.involves_minor,
        "first_response_at": emergency.first_response_at,
        "placed_at": emergency.placed_at,
        "handover_municipality": handover.municipality.name,
        "handover_due_on": handover.due_on,
    }


def _municipality(code: str | None, field: str) -> Municipality | None:
    if not code:
        return None
    municipality = Municipality.objects.filter(istat_code=code).first()
    if municipality is None:
        raise ValidationError({field: [f"Nessun comune con codice ISTAT {code}."]})
    return municipality


@router.post(
    "/emergency/emergencies",
    response={201: EmergencyOut, **WRITE_ERRORS},
    summary="Registra una segnalazione",
)
def create_emergency(request, payload: EmergencyIn):
    require(request.user, "emergency.add_emergency")
    criteria = list(UrgencyCriterion.objects.filter(code__in=payload.criteria))
    missing = set(payload.criteria) - {c.code for c in criteria}
    if missing:
        raise ValidationError({"criteria": [f"Criteri sconosciuti: {', '.join(sorted(missing))}."]})
    emergency = services.emergency_report(
        actor=request.user,
        reported_at=payload.reported_at,
        reporter_kind=payload.reporter_kind,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
        municipality=_municipality(payload.municipality, "municipality"),
        handover_municipality=_municipality(payload.handover_municipality, "handover_municipality"),
        location=payload.location,
        situation=payload.situation,
        criteria=criteria,
        persons=[p.dict() for p in payload.persons],
    )
    return Status(201, _emergency_out(emergency))


class PlacementIn(Schema):
    emergency: UUID
    shelter: UUID
    place_type: PlaceType
    places: int = Field(1, ge=1, le=20)


class PlacementOut(Schema):
    uuid: UUID
    emergency: str
    shelter: str
    place_type: str
    places: int
    placed_at: datetime
    left_at: datetime | None


def _placement_out(p: Placement) -> dict:
    return {
        "uuid": p.uuid,
        "emergency": p.emergency.number,
        "shelter": p.shelter.name,
        "place_type": p.place_type,
        "places": p.places,
        "placed_at": p.placed_at,
        "left_at": p.left_at,
    }


@router.get(
    "/emergency/placements",
    response={200: list[PlacementOut], **READ_ERRORS},
    summary="Collocamenti (in corso per default)",
)
@paginate(AmbitoPagination)
def list_placements(request, open_only: bool = True):
    require(request.user, "emergency.view_placement")
    qs = Placement.objects.visible_to(request.user).select_related("emergency", "shelter")
    if open_only:
        qs = qs.filter(left_at__isnull=True)
    return [_placement_out(p) for p in qs.order_by("-placed_at", "pk")]


@router.post(
    "/emergency/placements",
    response={201: PlacementOut, **WRITE_ERRORS},
    summary="Colloca in una struttura",
)
def create_placement(request, payload: PlacementIn):
    require(request.user, "emergency.add_placement")
    try:
        emergency = selectors.emergency_get(user=request.user, uuid=payload.emergency)
    except Emergency.DoesNotExist:
        raise Http404 from None
    shelter = Shelter.objects.visible_to(request.user).filter(uuid=payload.shelter).first()
    if shelter is None:
        raise ValidationError({"shelter": ["Struttura non trovata in questo ambito."]})
    placement = services.placement_create(
        emergency=emergency,
        shelter=shelter,
        actor=request.user,
        place_type=payload.place_type,
        places=payload.places,
    )
    return Status(201, _placement_out(placement))


@router.post(
    "/emergency/placements/{uuid}/end",
    response={200: PlacementOut, **WRITE_ERRORS},
    summary="Registra l'uscita",
)
def end_placement(request, uuid: UUID):
    require(request.user, "emergency.change_placement")
    placement = Placement.objects.visible_to(request.user).filter(uuid=uuid).first()
    if placement is None:
        raise Http404
    return _placement_out(services.placement_end(placement=placement, actor=request.user))


class TimingOut(Schema):
    count: int
    median_minutes: int | None
    p90_minutes: int | None


class CountOut(Schema):
    label: str
    count: int


class OccupancyOut(Schema):
    shelter: str
    capacity: int
    by_month: list[float | None]


class ReportOut(Schema):
    start: date
    end: date
    municipality: str | None
    total: int
    minors: int
    by_situation: list[CountOut]
    by_criterion: list[CountOut]
    by_municipality: list[CountOut]
    by_hour: list[int]
    by_outcome: list[CountOut]
    response: TimingOut
    placement: TimingOut
    months: list[str]
    occupancy: list[OccupancyOut]


class ReportFilters(Schema):
    start: date | None = None
    end: date | None = None
    municipality: str | None = Field(None, description="Codice ISTAT")


def _timing(t: reports.Timing) -> dict:
    return {"count": t.count, "median_minutes": t.median, "p90_minutes": t.p90}


@router.get(
    "/emergency/report",
    response={200: ReportOut, **READ_ERRORS},
    summary="Report: per criterio, comune, ora, esito; tempi di risposta; occupazione",
)
def get_report(request, filters: Query[ReportFilters]):
    require(request.user, "emergency.view_emergency_reports")
    today = timezone.localdate()
    start = filters.start or date(today.year, 1, 1)
    end = filters.end or today
    if end < start:
        raise ValidationError({"end": ["La fine del periodo non può precedere l'inizio."]})
    municipality = _municipality(filters.municipality, "municipality")
    zone = working_zone(request.user)
    if municipality is not None and municipality.zone_id != zone.pk:
        raise ValidationError({"municipality": ["Il comune non è di questo ambito."]})
    data = reports.emergency_report(
        zone_ids=[zone.pk], start=start, end=end, municipality=municipality
    )
    log_access(user=request.user, action=AccessAction.EXPORT, object_type="emergency.report")
    return {
        "start": data.start,
        "end": data.end,
        "municipality": data.municipality,
        "total": data.total,
        "minors": data.minors,
        "by_situation": [{"label": label, "count": n} for label, n in data.by_situation],
        "by_criterion": [{"label": label, "count": n} for _, label, n in data.by_criterion],
        "by_municipality": [{"label": label, "count": n} for label, n in data.by_municipality],
        "by_hour": data.by_hour,
        "by_outcome": [{"label": label, "count": n} for label, n in data.by_outcome],
        "response": _timing(data.response),
        "placement": _timing(data.placement),
        "months": data.month_labels,
        "occupancy": [
            {"shelter": r.shelter, "capacity": r.capacity, "by_month": r.by_month}
            for r in data.occupancy
        ],
    }
