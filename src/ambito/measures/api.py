"""§5 Applications API: the table by municipality and status, the follow-up list (figures and
the applications to verify), and the import of an INPS list (dry run or commit)."""

from datetime import date
from uuid import UUID

from django.http import Http404
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination, PaginationIn, page_of
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS
from ambito.core.permissions import require
from ambito.jobs.services import job_start

from . import jobs, selectors
from .importer import plan_import
from .models import Measure

router = Router(tags=["Misure e domande"])


class MeasureOut(Schema):
    code: str
    name: str
    valid_from: date
    valid_until: date | None


class TableRowOut(Schema):
    municipality: str
    counts: dict[str, int]
    total: int


class TableOut(Schema):
    measure: str
    rows: list[TableRowOut]
    totals: dict[str, int]
    total: int


class FollowUpOut(Schema):
    uuid: UUID
    protocol: str
    status: str
    status_on: date | None
    reason: str
    municipality: str


class RowErrorOut(Schema):
    line: int
    protocol: str
    errors: list[str]


class ImportOut(Schema):
    dry_run: bool
    rows: int
    new: int
    update: int
    unchanged: int
    errors: list[RowErrorOut] = Field(..., description="Righe con errori (nessun dato personale).")
    imported: bool = Field(
        ..., description="Sempre falso: l'importazione la scrive un lavoro in background."
    )
    job: UUID | None = Field(
        None, description="Il lavoro che importa il file: seguilo con GET /jobs/{uuid}."
    )


def _measure(code: str) -> Measure:
    measure = Measure.objects.filter(code=code.upper()).first()
    if measure is None:
        raise Http404
    return measure


@router.get(
    "/measures", response={200: list[MeasureOut], **READ_ERRORS}, summary="Misure configurate"
)
@paginate(AmbitoPagination)
def list_measures(request):
    return Measure.objects.order_by("code")


@router.get("/applications/table", response={200: TableOut, **READ_ERRORS}, summary="Per comune")
def get_applications_table(request, measure: str = "ADI"):
    table = selectors.status_table(user=request.user, measure=_measure(measure))
    codes = [value for value, _ in table.statuses]
    return {
        "measure": table.measure.code,
        "rows": [
            {"municipality": name, "counts": dict(zip(codes, cells, strict=True)), "total": total}
            for name, cells, total in table.rows
        ],
        "totals": dict(zip(codes, table.totals, strict=True)),
        "total": table.total,
    }


class FollowUpPage(Schema):
    """The API's list envelope (core/api_pagination.py)."""

    count: int = Field(..., description="Numero totale di domande da verificare.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[FollowUpOut]


@router.get(
    "/applications/follow-up",
    response={200: FollowUpPage, **READ_ERRORS},
    summary="Da verificare",
)
def list_follow_up(request, pagination: Query[PaginationIn], measure: str | None = None):
    chosen = _measure(measure) if measure else None
    qs = selectors.follow_up_queryset(user=request.user, measure=chosen)
    items = list(qs[pagination.offset : pagination.offset + pagination.limit])
    # The applications of this page name their applicants: their read is logged, the
    # rest of the list is not read.
    selectors.follow_up_shown(user=request.user, applications=items, measure=chosen)
    rows = [
        {
            "uuid": a.uuid,
            "protocol": a.protocol,
            "status": a.status,
            "status_on": a.status_on,
            "reason": a.status_reason,
            "municipality": a.municipality.name,
        }
        for a in items
    ]
    return page_of(request, rows, pagination, qs.count())


@router.post(
    "/applications/import",
    response={200: ImportOut, 202: ImportOut, **WRITE_ERRORS},
    summary="Importa un elenco INPS",
    description="File CSV o XLSX. Con dry_run=true verifica e dice cosa cambierebbe senza "
    "scrivere; altrimenti, se nessuna riga ha errori, mette in coda il lavoro che importa tutto "
    "o niente (risposta 202 con il suo identificativo: GET /jobs/{uuid} ne dice l'esito).",
)
def import_applications(
    request, file: File[UploadedFile], measure: Form[str] = "ADI", dry_run: Form[bool] = True
):
    require(request.user, "measures.import_applications")
    content = file.read()
    chosen = _measure(measure)
    plan = plan_import(
        zone=selectors.import_zone(user=request.user),
        measure=chosen,
        file_name=file.name or "elenco.csv",
        content=content,
    )
    counts = plan.counts
    result = {
        "dry_run": dry_run,
        "rows": len(plan.results),
        "new": counts["new"],
        "update": counts["update"],
        "unchanged": counts["unchanged"],
        "errors": [
            {"line": r.line, "protocol": r.protocol, "errors": r.errors} for r in plan.errors
        ],
        "imported": False,
    }
    if dry_run or plan.errors:
        return result
    job = job_start(
        actor=request.user,
        kind=jobs.KIND,
        title=f"Importazione {chosen.code}: {plan.file_name}",
        params={
            "upload": jobs.store_upload([content]),
            "file_name": plan.file_name,
            "measure": chosen.code,
            "names": {},
        },
    )
    return 202, {**result, "job": job.uuid}
