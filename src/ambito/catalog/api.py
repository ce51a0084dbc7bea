"""Charter API (DOMAIN §2 §7): published services and the HSDS 3.0 export.

The charter is public data, but the endpoints keep the API's default authentication (session
or token). The zone is the user's; a user without a zone names one with `?zone=<code>`."""

from datetime import datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema

from ambito.territory.models import Zone

from . import hsds, selectors

router = Router(tags=["Carta dei servizi"])


def _zone(request, code: str | None) -> Zone:
    if request.user.zone_id is not None and not code:
        return request.user.zone
    if request.user.zone_id is not None and code and code != request.user.zone.code:
        # A zone's users read their own charter; another zone's is on its public pages.
        raise Http404("Ambito non trovato.")
    if not code:
        raise Http404("Indica l'ambito con ?zone=<codice>.")
    try:
        return selectors.zone_public_get(code=code)
    except Zone.DoesNotExist:
        raise Http404("Ambito non trovato.") from None


class NeedAreaOut(Schema):
    code: str
    name: str


class PublishedServiceOut(Schema):
    uuid: UUID = Field(description="Identificativo pubblico")
    slug: str = Field(description="Indirizzo della pagina pubblica")
    name: str
    short_description: str
    target_groups: str
    need_areas: list[NeedAreaOut]
    intervention_type: str | None = Field(None, description="Codice del tipo di intervento")
    min_age: int | None
    max_age: int | None
    isee_max: float | None = Field(None, description="Soglia ISEE massima (€)")
    is_free: bool
    cost: str
    provider: str | None
    published_at: datetime | None
    public_url: str

    @staticmethod
    def resolve_need_areas(obj):
        return list(obj.need_areas.all())

    @staticmethod
    def resolve_intervention_type(obj):
        return obj.intervention_type.code if obj.intervention_type_id else None

    @staticmethod
    def resolve_isee_max(obj):
        return float(obj.isee_max) if obj.isee_max is not None else None

    @staticmethod
    def resolve_provider(obj):
        return obj.provider.name if obj.provider_id else None

    @staticmethod
    def resolve_public_url(obj):
        return f"/carta/{obj.zone.code}/servizi/{obj.slug}/"


@router.get(
    "/charter/services",
    response=list[PublishedServiceOut],
    summary="Servizi pubblicati della carta",
)
def charter_services(request, zone: str | None = None):
    return list(selectors.published_services(_zone(request, zone)))


@router.get("/charter/hsds/services", response=list[dict], summary="HSDS 3.0: servizi")
def hsds_services(request, zone: str | None = None):
    return hsds.services(_zone(request, zone))


@router.get("/charter/hsds/organizations", response=list[dict], summary="HSDS 3.0: enti")
def hsds_organizations(request, zone: str | None = None):
    return hsds.organizations(_zone(request, zone))


@router.get("/charter/hsds/locations", response=list[dict], summary="HSDS 3.0: sedi")
def hsds_locations(request, zone: str | None = None):
    return hsds.locations(_zone(request, zone))


@router.get(
    "/charter/hsds/service-at-locations",
    response=list[dict],
    summary="HSDS 3.0: servizi presso le sedi",
)
def hsds_service_at_locations(request, zone: str | None = None):
    return hsds.service_at_locations(_zone(request, zone))
