"""Charter API for operators (DOMAIN §2 §7): need areas, intervention types, the zone's services
in every state with their writes, and the orientation helper.

Reads go through the selectors (scoped to the user's zone), writes through the services
(validated, history, EventLog); another zone's service is a 404. The orientation by person
reads the person through the registry's scoped selector, which logs the read."""

from datetime import datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.permissions import require, working_zone
from ambito.registry.models import Person
from ambito.registry.selectors import person_get
from ambito.territory.models import AccessPoint, Municipality, Organisation

from . import eligibility, selectors, services
from .models import InterventionType, NeedArea, Service

router = Router(tags=["Carta dei servizi (operatori)"])


# --- configuration ---------------------------------------------------------------------------


class NeedAreaOut(Schema):
    code: str
    name: str


class InterventionTypeOut(Schema):
    code: str = Field(..., description="Codice (nazionale, es. A.1.c.2, o locale T8.*).")
    name: str
    description: str
    need_areas: list[str] = Field(..., description="Codici delle aree di bisogno.")
    source: str = Field(..., description="Da dove viene il codice.")

    @staticmethod
    def resolve_need_areas(obj):
        return [area.code for area in obj.need_areas.all()]


@router.get(
    "/charter/need-areas",
    response={200: list[NeedAreaOut], **READ_ERRORS},
    summary="Aree di bisogno",
)
@paginate(AmbitoPagination)
def list_need_areas(request):
    return selectors.need_area_list()


@router.get(
    "/charter/intervention-types",
    response={200: list[InterventionTypeOut], **READ_ERRORS},
    summary="Tipi di intervento",
    description="I tipi di intervento configurati (codici del seed 002 e della Tabella 8).",
)
@paginate(AmbitoPagination)
def list_intervention_types(request):
    return InterventionType.objects.prefetch_related("need_areas").order_by("code")


# --- services ----------------------------------------------------------------------------------


class ServiceOut(Schema):
    uuid: UUID
    slug: str
    name: str
    status: str = Field(..., description="draft, published o withdrawn.")
    short_description: str
    description: str
    target_groups: str
    need_areas: list[str] = Field(..., description="Codici delle aree di bisogno.")
    intervention_type: str | None = Field(None, description="Codice del tipo di intervento.")
    min_age: int | None
    max_age: int | None
    residence_required: bool
    municipalities: list[Ref] = Field(
        ..., description="Comuni di residenza ammessi (vuoto: tutti)."
    )
    isee_max: Money | None = Field(None, description="Soglia ISEE massima (€).")
    other_conditions: str
    cost: str
    is_free: bool
    how_to_apply: str
    documents: str
    provider: Ref | None = None
    access_points: list[Ref]
    phone: str
    email: str
    legal_reference: str
    published_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_need_areas(obj):
        return [area.code for area in obj.need_areas.all()]

    @staticmethod
    def resolve_intervention_type(obj):
        return obj.intervention_type.code if obj.intervention_type_id else None

    @staticmethod
    def resolve_municipalities(obj):
        return list(obj.municipalities.all())

    @staticmethod
    def resolve_access_points(obj):
        return list(obj.access_points.all())


class ServiceListFilters(Schema):
    status: Literal["draft", "published", "withdrawn"] | None = None
    need_area: str | None = Field(None, description="Codice dell'area di bisogno.")
    q: str = Field("", max_length=100, description="Testo nel nome o nelle descrizioni.")


class ServiceIn(Schema):
    """Every field optional for PATCH; for POST, name and short_description are required
    (the service says so in Italian)."""

    name: str | None = Field(None, max_length=200)
    slug: str | None = Field(None, max_length=120)
    short_description: str | None = Field(None, max_length=300)
    description: str | None = None
    target_groups: str | None = Field(None, max_length=300)
    need_areas: list[str] | None = Field(None, description="Codici delle aree di bisogno.")
    intervention_type: str | None = Field(None, description="Codice del tipo di intervento.")
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    residence_required: bool | None = None
    municipalities: list[UUID] | None = None
    isee_max: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    other_conditions: str | None = None
    cost: str | None = Field(None, max_length=300)
    is_free: bool | None = None
    how_to_apply: str | None = None
    documents: str | None = None
    provider: UUID | None = None
    access_points: list[UUID] | None = None
    phone: str | None = Field(None, max_length=32)
    email: str | None = Field(None, max_length=254)
    legal_reference: str | None = Field(None, max_length=300)


_REQUIRED_TEXT = ("name", "short_description")
_OPTIONAL_TEXT = (
    "slug",
    "description",
    "target_groups",
    "other_conditions",
    "cost",
    "how_to_apply",
    "documents",
    "phone",
    "email",
    "legal_reference",
)
_FLAGS = ("residence_required", "is_free")


def _service_or_404(request, uuid: UUID) -> Service:
    try:
        return selectors.service_get(user=request.user, uuid=uuid)
    except Service.DoesNotExist:
        raise Http404 from None


def _resolve(request, payload: ServiceIn) -> dict:
    """The payload as the services' data: codes and UUIDs turned into rows of the zone."""
    data = payload.dict(exclude_unset=True)
    zone_id = working_zone(request.user).pk
    errors: dict[str, list[str]] = {}

    def by_uuid(model, field, values, message):
        found = {str(o.uuid): o for o in model.objects.filter(zone_id=zone_id, uuid__in=values)}
        missing = [str(v) for v in values if str(v) not in found]
        if missing:
            errors[field] = [message]
        return [found[str(v)] for v in values if str(v) in found]

    if "need_areas" in data:
        codes = data["need_areas"] or []
        areas = list(NeedArea.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {a.code for a in areas})
        if unknown:
            errors["need_areas"] = [f"Aree di bisogno sconosciute: {', '.join(unknown)}."]
        data["need_areas"] = areas
    if "intervention_type" in data and data["intervention_type"]:
        found = InterventionType.objects.filter(code=data["intervention_type"]).first()
        if found is None:
            errors["intervention_type"] = ["Tipo di intervento sconosciuto."]
        data["intervention_type"] = found
    if "provider" in data and data["provider"]:
        found = by_uuid(Organisation, "provider", [data["provider"]], "Ente non trovato.")
        data["provider"] = found[0] if found else None
    if "access_points" in data:
        data["access_points"] = by_uuid(
            AccessPoint,
            "access_points",
            data["access_points"] or [],
            "Punto di accesso non trovato nell'ambito.",
        )
    if "municipalities" in data:
        data["municipalities"] = by_uuid(
            Municipality,
            "municipalities",
            data["municipalities"] or [],
            "Comune non trovato nell'ambito.",
        )
    # null empties an optional text; it may not empty a required one nor a yes/no (the
    # columns are NOT NULL: passed on, a null would be an IntegrityError, a 500).
    for name in _REQUIRED_TEXT:
        if name in data and data[name] is None:
            errors[name] = ["Questo campo non può essere vuoto."]
    for name in _OPTIONAL_TEXT:
        if name in data and data[name] is None:
            data[name] = ""
    for name in _FLAGS:
        if name in data and data[name] is None:
            errors[name] = ["Indica true o false."]
    if errors:
        raise ValidationError(errors)
    return data


@router.get(
    "/charter/services",
    response={200: list[ServiceOut], **READ_ERRORS},
    summary="Servizi dell'ambito (tutti gli stati)",
    description="I servizi della carta del tuo ambito; con status=published quelli "
    "pubblicati, come nella carta pubblica.",
)
@paginate(AmbitoPagination)
def list_services(request, filters: Query[ServiceListFilters]):
    require(request.user, "catalog.view_service")
    need_area = None
    if filters.need_area:
        need_area = NeedArea.objects.filter(code=filters.need_area).first()
        if need_area is None:
            return []
    qs = selectors.service_list(
        user=request.user,
        filters=selectors.ServiceFilters(
            need_area=need_area, status=filters.status, text=filters.q
        ),
    )
    return qs.prefetch_related("municipalities", "access_points")


@router.get(
    "/charter/services/{uuid}", response={200: ServiceOut, **READ_ERRORS}, summary="Un servizio"
)
def get_service(request, uuid: UUID):
    require(request.user, "catalog.view_service")
    return _service_or_404(request, uuid)


@router.post(
    "/charter/services",
    response={201: ServiceOut, **WRITE_ERRORS},
    summary="Nuovo servizio (bozza)",
    description="Crea un servizio in bozza nella carta del tuo ambito; si pubblica a parte.",
)
def create_service(request, payload: ServiceIn):
    require(request.user, "catalog.add_service")
    data = _resolve(request, payload)
    service = services.service_create(
        actor=request.user, zone=working_zone(request.user), data=data
    )
    return Status(201, _service_or_404(request, service.uuid))


@router.patch(
    "/charter/services/{uuid}",
    response={200: ServiceOut, **WRITE_ERRORS},
    summary="Modifica un servizio",
    description="Solo i campi inviati cambiano; la storia delle modifiche è conservata.",
)
def update_service(request, uuid: UUID, payload: ServiceIn):
    require(request.user, "catalog.change_service")
    service = _service_or_404(request, uuid)
    services.service_update(actor=request.user, service=service, data=_resolve(request, payload))
    return _service_or_404(request, uuid)


@router.post(
    "/charter/services/{uuid}/publish",
    response={200: ServiceOut, **WRITE_ERRORS},
    summary="Pubblica un servizio",
)
def publish_service(request, uuid: UUID):
    require(request.user, "catalog.change_service")
    services.service_publish(actor=request.user, service=_service_or_404(request, uuid))
    return _service_or_404(request, uuid)


@router.post(
    "/charter/services/{uuid}/withdraw",
    response={200: ServiceOut, **WRITE_ERRORS},
    summary="Ritira un servizio dalla carta pubblica",
)
def withdraw_service(request, uuid: UUID):
    require(request.user, "catalog.change_service")
    services.service_withdraw(actor=request.user, service=_service_or_404(request, uuid))
    return _service_or_404(request, uuid)


# --- orientation -------------------------------------------------------------------------------


class OrientationIn(Schema):
    person: UUID | None = Field(None, description="Persona dell'anagrafe (età, residenza, ISEE).")
    age: int | None = Field(None, ge=0, le=120, description="In alternativa alla persona.")
    municipality: UUID | None = Field(None, description="Comune di residenza.")
    isee: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    need_areas: list[str] = Field(default_factory=list, description="Codici delle aree.")


class OrientationItem(Schema):
    service: UUID
    name: str
    slug: str
    reasons: list[str] = Field(..., description="Perché sembra adatto.")
    failures: list[str] = Field(..., description="Perché è escluso.")


class OrientationOut(Schema):
    eligible: list[OrientationItem]
    excluded: list[OrientationItem]


def _items(results) -> list[dict]:
    return [
        {
            "service": r.service.uuid,
            "name": r.service.name,
            "slug": r.service.slug,
            "reasons": r.reasons,
            "failures": r.failures,
        }
        for r in results
    ]


@router.post(
    "/charter/orientation",
    response={200: OrientationOut, **WRITE_ERRORS},
    summary="Orientamento: servizi adatti a una persona",
    description="I servizi pubblicati dell'ambito per cui la persona (o l'età, il comune e "
    "l'ISEE indicati) sembra avere i requisiti, con il motivo, e quelli esclusi con il "
    "perché. La lettura dei dati della persona è registrata.",
)
def get_orientation(request, payload: OrientationIn):
    require(request.user, "catalog.view_service")
    areas = list(NeedArea.objects.filter(code__in=payload.need_areas))
    unknown = sorted(set(payload.need_areas) - {a.code for a in areas})
    if unknown:
        raise ValidationError(
            {"need_areas": [f"Aree di bisogno sconosciute: {', '.join(unknown)}."]}
        )
    if payload.person is not None:
        require(request.user, "registry.view_person")
        try:
            person = person_get(user=request.user, uuid=payload.person)
        except Person.DoesNotExist:
            raise Http404 from None
        eligible, excluded = eligibility.services_for_person(
            user=request.user, person=person, need_areas=areas
        )
    else:
        municipality = None
        if payload.municipality is not None:
            municipality = (
                Municipality.objects.filter(zone=working_zone(request.user))
                .filter(uuid=payload.municipality)
                .first()
            )
            if municipality is None:
                raise ValidationError({"municipality": ["Comune non trovato nell'ambito."]})
        eligible, excluded = eligibility.services_for(
            zone=working_zone(request.user),
            age=payload.age,
            municipality=municipality,
            isee=payload.isee,
            need_areas=areas,
        )
    return {"eligible": _items(eligible), "excluded": _items(excluded)}
