"""API of the provider register: the list (filters as the page), one provider with its
services, structures and accreditations, and a new provider (the plan office). Scoped as the
pages: an operator sees only their own provider, another is a 404."""

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.catalog.models import Service
from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Ref
from ambito.core.permissions import require
from ambito.territory.models import Organisation

from ..choices import ProviderMode
from ..selectors import providers as selectors
from ..services import providers as services
from ..services.common import MANAGE, NOT_ALLOWED

router = Router(tags=["Erogatori e titoli sociali"])

VIEW = "providers.view_provider"
MODES = ", ".join(ProviderMode.values)


class ProviderOut(Schema):
    uuid: UUID
    organisation: Ref
    mode: str = Field(..., description=f"Uno tra: {MODES}")
    contract_reference: str
    contact_email: str
    active: bool


class StructureOut(Schema):
    name: str
    kind: str
    address: str
    municipality: str | None
    capacity: int | None
    authorisation: str


class ProviderAccreditationOut(Schema):
    uuid: UUID
    scheme: Ref
    state: str
    valid_from: date | None
    valid_until: date | None


class ProviderDetailOut(ProviderOut):
    notes: str
    services: list[Ref]
    structures: list[StructureOut]
    accreditations: list[ProviderAccreditationOut]


class ProviderIn(Schema):
    organisation: UUID
    mode: str = Field(..., description=f"Uno tra: {MODES}")
    services: list[UUID] = []
    contract_reference: str = ""
    contact_email: str = ""
    notes: str = ""


class ProviderFilters(Schema):
    mode: str | None = Field(None, description=f"Uno tra: {MODES}")
    service: UUID | None = None
    active: bool | None = None


def _out(provider) -> dict:
    return {
        "uuid": provider.uuid,
        "organisation": {"uuid": provider.organisation.uuid, "name": provider.organisation.name},
        "mode": provider.mode,
        "contract_reference": provider.contract_reference,
        "contact_email": provider.contact_email,
        "active": provider.active,
    }


def _detail(provider) -> dict:
    return {
        **_out(provider),
        "notes": provider.notes,
        "services": [{"uuid": s.uuid, "name": s.name} for s in provider.services.order_by("name")],
        "structures": [
            {
                "name": s.name,
                "kind": s.kind,
                "address": s.address,
                "municipality": s.municipality.name if s.municipality_id else None,
                "capacity": s.capacity,
                "authorisation": s.authorisation,
            }
            for s in selectors.structures(provider)
        ],
        "accreditations": [
            {
                "uuid": a.uuid,
                "scheme": {"uuid": a.scheme.uuid, "name": a.scheme.title},
                "state": a.state,
                "valid_from": a.valid_from,
                "valid_until": a.valid_until,
            }
            for a in selectors.accreditations(provider)
        ],
    }


def _provider(request, uuid):
    provider = selectors.provider_for(user=request.user, uuid=uuid)
    if provider is None:
        raise Http404
    return provider


@router.get("/enti", response={200: list[ProviderOut], **READ_ERRORS}, summary="Erogatori")
@paginate(AmbitoPagination)
def list_providers(request, filters: Query[ProviderFilters]):
    require(request.user, VIEW)
    if filters.mode and filters.mode not in ProviderMode.values:
        raise ValidationError({"mode": [f"Modalità non valida: usa una tra {MODES}."]})
    service = None
    if filters.service:
        service = Service.objects.visible_to(request.user).filter(uuid=filters.service).first()
        if service is None:
            return []
    rows = selectors.providers_for(
        user=request.user, mode=filters.mode or "", service=service, active=filters.active
    )
    return [_out(p) for p in rows]


@router.get(
    "/enti/{uuid}", response={200: ProviderDetailOut, **READ_ERRORS}, summary="Un erogatore"
)
def get_provider(request, uuid: UUID):
    require(request.user, VIEW)
    return _detail(_provider(request, uuid))


@router.post(
    "/enti", response={201: ProviderDetailOut, **WRITE_ERRORS}, summary="Registra un erogatore"
)
def create_provider(request, payload: ProviderIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    organisation = (
        Organisation.objects.visible_to(request.user).filter(uuid=payload.organisation).first()
    )
    if organisation is None:
        raise ValidationError({"organisation": ["Ente non trovato in questo ambito."]})
    found = list(Service.objects.visible_to(request.user).filter(uuid__in=payload.services))
    if len(found) != len(set(payload.services)):
        raise ValidationError(
            {"services": ["Uno o più servizi non sono della carta di questo ambito."]}
        )
    provider = services.provider_create(
        actor=request.user,
        organisation=organisation,
        mode=payload.mode,
        services=found,
        contract_reference=payload.contract_reference,
        contact_email=payload.contact_email,
        notes=payload.notes,
    )
    return Status(201, _detail(_provider(request, provider.uuid)))
