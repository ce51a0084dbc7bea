"""Charter API (DOMAIN §2 §7): the HSDS 3.0 export of the published charter. The services
themselves, in every state, are `/charter/services` (operator_api.py): one list, not two.

The charter is public data, but the endpoints keep the API's default authentication (session
or token). The zone is the user's; a user without a zone names one with `?zone=<code>`."""

from django.http import Http404
from ninja import Router
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS
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


@router.get(
    "/charter/hsds/services", response={200: list[dict], **READ_ERRORS}, summary="HSDS 3.0: servizi"
)
@paginate(AmbitoPagination)
def list_hsds_services(request, zone: str | None = None):
    return hsds.services(_zone(request, zone))


@router.get(
    "/charter/hsds/organizations",
    response={200: list[dict], **READ_ERRORS},
    summary="HSDS 3.0: enti",
)
@paginate(AmbitoPagination)
def list_hsds_organizations(request, zone: str | None = None):
    return hsds.organizations(_zone(request, zone))


@router.get(
    "/charter/hsds/locations", response={200: list[dict], **READ_ERRORS}, summary="HSDS 3.0: sedi"
)
@paginate(AmbitoPagination)
def list_hsds_locations(request, zone: str | None = None):
    return hsds.locations(_zone(request, zone))


@router.get(
    "/charter/hsds/service-at-locations",
    response={200: list[dict], **READ_ERRORS},
    summary="HSDS 3.0: servizi presso le sedi",
)
@paginate(AmbitoPagination)
def list_hsds_service_at_locations(request, zone: str | None = None):
    return hsds.service_at_locations(_zone(request, zone))
