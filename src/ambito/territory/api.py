"""Territory API (DOMAIN §1): the user's zone, municipalities, access points, staff.

Read-only, scoped like the pages: each endpoint needs its `territory.view_*` permission
(403 otherwise) and another zone's object is a 404. Objects are identified by UUID."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, ClockTime, Percent, Ref
from ambito.core.permissions import require

from . import selectors
from .choices import AccessPointKind, StaffArea, StaffProfile
from .models import AccessPoint, Municipality, Staff, Zone

router = Router(tags=["Territorio"])


def _municipality_of_zone(request, uuid: UUID | None) -> Municipality | None:
    if uuid is None:
        return None
    municipality = selectors.municipality_list(user=request.user).filter(uuid=uuid).first()
    if municipality is None:
        raise Http404("Comune non trovato.")
    return municipality


# --- schemas ---------------------------------------------------------------------------------


class ZoneOut(Schema):
    uuid: UUID = Field(description="Identificativo pubblico dell'ambito")
    code: str = Field(description="Codice breve dell'ambito")
    name: str = Field(description="Nome")
    kind: str = Field(description="Tipo: ambito, sds (Società della Salute), distretto")
    region: str = Field(description="Regione")
    province_code: str = Field(description="Sigla della provincia")
    lead_body: Ref | None = Field(None, description="Ente capofila")


class MunicipalityOut(Schema):
    uuid: UUID = Field(description="Identificativo pubblico del comune")
    istat_code: str = Field(description="Codice ISTAT (6 cifre)")
    belfiore_code: str = Field(description="Codice catastale (Belfiore)")
    name: str = Field(description="Nome")
    province_code: str = Field(description="Sigla della provincia")
    is_metropolitan_city: bool = Field(description="Comune di una città metropolitana")
    subarea: str | None = Field(None, description="Sub-ambito")
    population: int | None = Field(None, description="Popolazione residente (ultima registrata)")
    population_year: int | None = Field(None, description="Anno della popolazione")


class MemberOut(Schema):
    organisation: Ref = Field(description="Ente socio")
    share: Percent = Field(description="Quota in percentuale (due decimali)")
    representative: str = Field(description="Rappresentante")
    representative_role: str = Field(description="Carica del rappresentante")


class ZoneDetailOut(ZoneOut):
    total_population: int = Field(description="Popolazione residente totale")
    municipalities: list[MunicipalityOut] = Field(description="Comuni dell'ambito")
    members: list[MemberOut] = Field(description="Soci del consorzio e quote")
    share_total: Percent = Field(description="Somma delle quote dei soci (%)")
    shares_balanced: bool = Field(description="Vero se le quote sommano esattamente a 100%")
    share_warning: str = Field(description="Avviso quando le quote non sommano a 100%")


class OpeningHoursOut(Schema):
    weekday: int = Field(description="Giorno: 0 = lunedì … 6 = domenica")
    opens: ClockTime = Field(description="Ora di apertura (HH:MM)")
    closes: ClockTime = Field(description="Ora di chiusura (HH:MM)")


class AccessPointOut(Schema):
    uuid: UUID = Field(description="Identificativo pubblico del punto di accesso")
    name: str = Field(description="Nome")
    kind: str = Field(description=f"Tipo: {', '.join(AccessPointKind.values)}")
    kind_label: str = Field(description="Tipo, per esteso")
    municipality: Ref = Field(description="Comune")
    organisation: Ref | None = Field(None, description="Ente gestore")
    address: str = Field(description="Indirizzo")
    phone: str = Field(description="Telefono")
    email: str = Field(description="Email")
    active_from: date | None = Field(None, description="Attivo dal")
    active_until: date | None = Field(None, description="Attivo fino al")
    is_active: bool = Field(description="Attivo oggi")
    opening_hours: list[OpeningHoursOut] = Field(description="Orari di apertura")
    hours_summary: str = Field(description="Orari in breve, es. «lun 9:00-12:30; mer 15:00-17:00»")
    weekly_hours: Decimal = Field(description="Ore di apertura settimanali")

    @staticmethod
    def resolve_kind_label(obj: AccessPoint) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_opening_hours(obj: AccessPoint) -> list:
        return list(obj.opening_hours.all())


class StaffOut(Schema):
    uuid: UUID = Field(description="Identificativo pubblico dell'operatore")
    first_name: str = Field(description="Nome")
    last_name: str = Field(description="Cognome")
    profile: str = Field(description=f"Profilo: {', '.join(StaffProfile.values)}")
    profile_label: str = Field(description="Profilo, per esteso")
    employer: Ref = Field(description="Datore di lavoro")
    weekly_hours: Decimal = Field(description="Ore settimanali")
    fte: Decimal = Field(description="Equivalenti a tempo pieno (ore / 36)")
    area: str = Field(description=f"Area: {', '.join(StaffArea.values)}")
    municipalities: list[Ref] = Field(description="Comuni serviti (vuoto = tutto l'ambito)")
    active: bool = Field(description="In servizio")

    @staticmethod
    def resolve_profile_label(obj: Staff) -> str:
        return obj.get_profile_display()

    @staticmethod
    def resolve_municipalities(obj: Staff) -> list:
        return list(obj.municipalities.all())


class AccessPointFilters(Schema):
    municipality: UUID | None = Field(None, description="Solo i punti di questo comune (UUID)")
    kind: AccessPointKind | None = Field(None, description="Solo i punti di questo tipo")


class StaffFilters(Schema):
    municipality: UUID | None = Field(None, description="Solo chi serve questo comune (UUID)")
    area: StaffArea | None = Field(None, description="Solo quest'area")
    profile: StaffProfile | None = Field(None, description="Solo questo profilo")


def _municipality_out(row: selectors.MunicipalityRow) -> dict:
    m = row.municipality
    return {
        "uuid": m.uuid,
        "istat_code": m.istat_code,
        "belfiore_code": m.belfiore_code,
        "name": m.name,
        "province_code": m.province_code,
        "is_metropolitan_city": m.is_metropolitan_city,
        "subarea": m.subarea.name if m.subarea else None,
        "population": row.population,
        "population_year": row.population_year,
    }


# --- endpoints -------------------------------------------------------------------------------


@router.get(
    "/zones",
    response={200: list[ZoneOut], **READ_ERRORS},
    summary="Il proprio ambito",
)
@paginate(AmbitoPagination)
def list_zones(request):
    require(request.user, "territory.view_zone")
    return selectors.zone_list(user=request.user)


@router.get(
    "/zones/{uuid}",
    response={200: ZoneDetailOut, **READ_ERRORS},
    summary="Un ambito con comuni, soci e quote",
)
def get_zone(request, uuid: UUID):
    require(request.user, "territory.view_zone")
    try:
        zone: Zone = selectors.zone_get(user=request.user, uuid=uuid)
    except Zone.DoesNotExist:
        raise Http404("Ambito non trovato.") from None
    overview = selectors.zone_overview(user=request.user)
    return {
        "uuid": zone.uuid,
        "code": zone.code,
        "name": zone.name,
        "kind": zone.kind,
        "region": zone.region,
        "province_code": zone.province_code,
        "lead_body": zone.lead_body,
        "total_population": overview.total_population,
        "municipalities": [_municipality_out(row) for row in overview.municipalities],
        "members": [
            {
                "organisation": m.organisation,
                "share": m.share,
                "representative": m.representative,
                "representative_role": m.representative_role,
            }
            for m in overview.members
        ],
        "share_total": overview.share_total,
        "shares_balanced": overview.shares_balanced,
        "share_warning": overview.share_warning,
    }


@router.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **READ_ERRORS},
    summary="Comuni del proprio ambito",
)
@paginate(AmbitoPagination)
def list_municipalities(request):
    require(request.user, "territory.view_municipality")
    rows = selectors.municipality_list(user=request.user).order_by("name")
    populations = selectors.populations_by_municipality(rows)
    return [
        _municipality_out(
            selectors.MunicipalityRow(
                municipality=m,
                population=populations[m.pk].population if m.pk in populations else None,
                population_year=populations[m.pk].year if m.pk in populations else None,
            )
        )
        for m in rows
    ]


@router.get(
    "/access-points",
    response={200: list[AccessPointOut], **READ_ERRORS},
    summary="Punti di accesso con orari",
)
@paginate(AmbitoPagination)
def list_access_points(request, filters: Query[AccessPointFilters]):
    require(request.user, "territory.view_accesspoint")
    return selectors.access_point_list(
        user=request.user,
        municipality=_municipality_of_zone(request, filters.municipality),
        kind=filters.kind,
    )


@router.get(
    "/access-points/{uuid}",
    response={200: AccessPointOut, **READ_ERRORS},
    summary="Un punto di accesso",
)
def get_access_point(request, uuid: UUID):
    require(request.user, "territory.view_accesspoint")
    try:
        return selectors.access_point_get(user=request.user, uuid=uuid)
    except AccessPoint.DoesNotExist:
        raise Http404("Punto di accesso non trovato.") from None


@router.get(
    "/staff",
    response={200: list[StaffOut], **READ_ERRORS},
    summary="Operatori",
)
@paginate(AmbitoPagination)
def list_staff(request, filters: Query[StaffFilters]):
    require(request.user, "territory.view_staff")
    return selectors.staff_list(
        user=request.user,
        municipality=_municipality_of_zone(request, filters.municipality),
        area=filters.area,
        profile=filters.profile,
    )


@router.get(
    "/staff/{uuid}",
    response={200: StaffOut, **READ_ERRORS},
    summary="Un operatore",
)
def get_staff(request, uuid: UUID):
    require(request.user, "territory.view_staff")
    try:
        return selectors.staff_get(user=request.user, uuid=uuid)
    except Staff.DoesNotExist:
        raise Http404("Operatore non trovato.") from None
