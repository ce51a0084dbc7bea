"""Liste d'attesa RSA: API under /api/v1/rsa/, scoped as the pages (a managing body sees only
its structures and their ranking without names but of the applicants offered a bed there)."""

from datetime import date
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS
from ambito.core.permissions import require

from .. import selectors

router = Router(tags=["Liste d'attesa RSA"])


class RsaStructureOut(Schema):
    uuid: UUID
    name: str
    municipality: str
    body: str
    beds: int
    occupied: int
    waiting: int


class RsaRankingEntryOut(Schema):
    position: int
    number: str = Field(description="Numero della domanda")
    priority_class: str
    score: str
    waiting_since: date
    name: str = Field(description="Nominativo, solo se visibile a chi legge")
    reason: str = Field(description="Perché occupa questa posizione")


class RsaRankingFilters(Schema):
    al: date | None = Field(None, description="Graduatoria a questa data (AAAA-MM-GG)")


def _structure(request, uuid):
    structure = selectors.structure_for(request.user, uuid)
    if structure is None:
        raise Http404
    return structure


def _out(s) -> dict:
    return {
        "uuid": s.uuid,
        "name": s.name,
        "municipality": s.municipality.name,
        "body": s.body.name,
        "beds": s.beds,
        "occupied": s.occupied,
        "waiting": s.waiting,
    }


@router.get("/strutture", response={200: list[RsaStructureOut], **READ_ERRORS}, summary="RSA")
@paginate(AmbitoPagination)
def list_structures(request):
    require(request.user, "rsa.view_structure")
    return [_out(s) for s in selectors.structures_for(request.user)]


@router.get(
    "/strutture/{uuid}/graduatoria",
    response={200: list[RsaRankingEntryOut], **READ_ERRORS},
    summary="Graduatoria di una RSA",
)
@paginate(AmbitoPagination)
def list_ranking(request, uuid: UUID, filters: Query[RsaRankingFilters]):
    require(request.user, "rsa.view_rankingrow")
    structure = _structure(request, uuid)
    entries = selectors.ranking_for(request.user, structure, day=filters.al)
    return [
        {
            "position": e.position,
            "number": e.number,
            "priority_class": e.class_label,
            "score": f"{e.score:.2f}",
            "waiting_since": e.submitted_on,
            "name": e.extra["name"],
            "reason": e.reason,
        }
        for e in entries
    ]


from . import applications  # noqa: E402 (the router above is defined first)

router.add_router("", applications.router)
