"""§2 The needs observatory in the API: the same report as the page, figures only."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema

from ambito.core.api_schemas import READ_ERRORS
from ambito.territory.models import AccessPoint, Municipality

from .observatory import ROME, observatory_report, observatory_zone

router = Router(tags=["Osservatorio dei bisogni"])


class ObservatoryFilters(Schema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="Anno; quello in corso se assente."
    )
    period: Literal["month", "quarter", "year"] = Field("month", description="Periodo.")
    municipality: UUID | None = Field(None, description="Solo gli accessi di questo comune.")
    access_point: UUID | None = Field(None, description="Solo questo punto di accesso.")


class SliceOut(Schema):
    label: str
    count: int
    share: float = Field(..., description="Percentuale sul totale degli accessi.")


class AreaOut(Schema):
    name: str
    by_period: list[int] = Field(..., description="Accessi per periodo, come period_labels.")
    total: int
    previous_total: int = Field(
        ..., description="Lo stesso dato nello stesso periodo dell'anno precedente."
    )
    share: float = Field(..., description="% degli accessi che hanno posto questo bisogno.")
    change: float | None = Field(None, description="Variazione % sull'anno precedente.")


class ObservatoryMunicipalityOut(Schema):
    name: str
    by_area: dict[str, int] = Field(..., description="Accessi per area di bisogno.")
    contacts: int = Field(..., description="Accessi distinti.")


class TrendOut(Schema):
    label: str
    contacts: int
    previous: int
    change: float | None


class ReferralOut(Schema):
    kind: str
    destination: str
    count: int
    share: float


class ObservatoryOut(Schema):
    zone: str = Field(..., description="Codice dell'ambito.")
    year: int
    period: str
    period_labels: list[str]
    total: int = Field(..., description="Accessi distinti nell'anno.")
    previous_total: int = Field(
        ...,
        description="Accessi nello stesso periodo dell'anno precedente: per l'anno in corso, "
        "gli stessi mesi (vedi comparison).",
    )
    change: float | None
    comparison: str = Field(..., description="Quali periodi sono confrontati, in parole.")
    anonymous: SliceOut
    identified: SliceOut
    areas: list[AreaOut]
    municipalities: list[ObservatoryMunicipalityOut]
    trend: list[TrendOut]
    channels: list[SliceOut]
    outcomes: list[SliceOut]
    referrals: list[ReferralOut]


def _in_zone(model, uuid: UUID | None, zone):
    if uuid is None:
        return None
    found = model.objects.filter(uuid=uuid, zone=zone).first()
    if found is None:
        raise Http404
    return found


@router.get(
    "/observatory",
    response={200: ObservatoryOut, **READ_ERRORS},
    summary="Osservatorio dei bisogni",
    description="Accessi del tuo ambito per area di bisogno, comune e periodo (mese, trimestre "
    "o anno), con l'andamento sull'anno precedente, la quota di anonimi, canali, esiti e "
    "destinazioni degli invii. Solo dati aggregati: per pianificatori e amministratori "
    "d'ambito.",
)
def get_observatory(request, filters: Query[ObservatoryFilters]):
    zone = observatory_zone(request.user)  # 403 before reading anything
    report = observatory_report(
        user=request.user,
        year=filters.year or dt.datetime.now(ROME).year,
        period=filters.period,
        municipality=_in_zone(Municipality, filters.municipality, zone),
        access_point=_in_zone(AccessPoint, filters.access_point, zone),
    )
    return {
        "zone": report.zone.code,
        "year": report.year,
        "period": report.period,
        "period_labels": report.period_labels,
        "total": report.total,
        "previous_total": report.previous_total,
        "change": report.change,
        "comparison": report.comparison,
        "anonymous": report.anonymous,
        "identified": report.identified,
        "areas": report.areas,
        "municipalities": [
            {
                "name": name,
                "by_area": dict(zip(report.municipality_area_names, counts, strict=True)),
                "contacts": contacts,
            }
            for name, counts, contacts in report.area_municipality
        ],
        "trend": report.trend,
        "channels": report.channels,
        "outcomes": report.outcomes,
        "referrals": report.referrals,
    }
