"""§8 API of the area services' coordination (seed 001) and of the shared documents, scoped as
the pages: the zone's area services with their members, the coordinator's overview (figures
only), the documents with their versions, a new version (multipart), a read receipt."""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination, PaginationIn, page_of
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS
from ambito.core.permissions import require

from ..choices import AreaServiceKind, SharedDocumentKind
from ..models import AreaService, DocumentVersion, SharedDocument
from ..selectors import coordination as selectors
from ..services import coordination as services

router = Router(tags=["Rete del Terzo settore"])

VIEW_SERVICES = "network.view_areaservice"
VIEW_DOCUMENTS = "network.view_shareddocument"


def _name(user) -> str:
    return user.get_full_name() or user.username


class AreaServiceMemberOut(Schema):
    name: str
    role: str
    joined_on: date


class AreaServiceOut(Schema):
    uuid: UUID
    kind: AreaServiceKind
    name: str
    description: str
    coordinator: str | None
    email: str
    phone: str
    members: list[AreaServiceMemberOut]


def _service_out(service: AreaService) -> dict:
    return {
        "uuid": service.uuid,
        "kind": service.kind,
        "name": service.name,
        "description": service.description,
        "coordinator": _name(service.coordinator) if service.coordinator else None,
        "email": service.email,
        "phone": service.phone,
        "members": [
            {"name": _name(m.user), "role": m.role, "joined_on": m.joined_on}
            for m in service.active_members
        ],
    }


@router.get(
    "/area-services",
    response={200: list[AreaServiceOut], **READ_ERRORS},
    summary="Servizi di area dell'ambito, con gli operatori attivi",
)
@paginate(AmbitoPagination)
def list_area_services(request):
    require(request.user, VIEW_SERVICES)
    return [_service_out(s) for s in selectors.area_services(user=request.user)]


class AreaServiceFiguresOut(Schema):
    uuid: UUID
    name: str
    kind: AreaServiceKind
    workers: int
    open_cases: int
    loads: list[int]
    max_load: int


class AreaOwnCaseOut(Schema):
    uuid: UUID
    number: str


class AreaOverviewOut(Schema):
    services: list[AreaServiceFiguresOut]
    workers: int
    open_cases: int
    my_cases: list[AreaOwnCaseOut]


@router.get(
    "/area-services/overview",
    response={200: AreaOverviewOut, **READ_ERRORS},
    summary="Panoramica dei carichi di lavoro dei servizi di area (solo numeri)",
    description="Per servizio: operatori attivi, cartelle aperte distinte e cartelle aperte "
    "per operatore (senza nomi); i totali contano una volta operatori e cartelle. "
    "`my_cases`: le cartelle aperte di cui chi chiede fa parte dell'équipe.",
)
def get_area_overview(request):
    require(request.user, services.COORDINATE, message=services.NOT_COORDINATOR)
    overview = selectors.area_overview(user=request.user)
    return {
        "services": [
            {
                "uuid": row.service.uuid,
                "name": row.service.name,
                "kind": row.service.kind,
                "workers": row.workers,
                "open_cases": row.open_cases,
                "loads": row.loads,
                "max_load": row.max_load,
            }
            for row in overview.services
        ],
        "workers": overview.workers,
        "open_cases": overview.open_cases,
        "my_cases": [{"uuid": c.uuid, "number": c.number} for c in overview.my_cases],
    }


@router.get(
    "/area-services/{uuid}",
    response={200: AreaServiceOut, **READ_ERRORS},
    summary="Un servizio di area con gli operatori attivi",
)
def get_area_service(request, uuid: UUID):
    require(request.user, VIEW_SERVICES)
    try:
        service = selectors.area_service_get(user=request.user, uuid=uuid)
    except AreaService.DoesNotExist:
        raise Http404 from None
    return _service_out(service)


class SharedDocumentReceiptOut(Schema):
    name: str
    read_at: datetime


class SharedDocumentVersionOut(Schema):
    uuid: UUID
    number: int
    note: str
    file_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    read_by: int
    social_workers: int
    read_by_me: bool
    receipts: list[SharedDocumentReceiptOut]


class SharedDocumentOut(Schema):
    uuid: UUID
    kind: SharedDocumentKind
    title: str
    area_service: UUID | None
    archived_on: date | None
    current_version: int | None
    read_by_me: bool
    read_by: int
    social_workers: int


class SharedDocumentDetailOut(SharedDocumentOut):
    description: str
    versions: list[SharedDocumentVersionOut]


def _document_out(d: SharedDocument) -> dict:
    return {
        "uuid": d.uuid,
        "kind": d.kind,
        "title": d.title,
        "area_service": d.area_service.uuid if d.area_service_id else None,
        "archived_on": d.archived_on,
        "current_version": d.current_number,
        "read_by_me": d.read_by_me,
        "read_by": d.readers.read,
        "social_workers": d.readers.of,
    }


def _version_out(v: DocumentVersion) -> dict:
    return {
        "uuid": v.uuid,
        "number": v.number,
        "note": v.note,
        "file_name": v.file_name,
        "content_type": v.content_type,
        "size": v.size,
        "uploaded_at": v.uploaded_at,
        "read_by": v.readers.read,
        "social_workers": v.readers.of,
        "read_by_me": v.read_by_me,
        "receipts": [{"name": _name(r.user), "read_at": r.read_at} for r in v.shown_receipts],
    }


class SharedDocumentPage(Schema):
    """The API's list envelope (core/api_pagination.py)."""

    count: int = Field(..., description="Numero totale di documenti.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[SharedDocumentOut]


@router.get(
    "/documents",
    response={200: SharedDocumentPage, **READ_ERRORS},
    summary="Documenti condivisi, con la versione attuale e quanti l'hanno letta",
)
def list_shared_documents(
    request,
    pagination: Query[PaginationIn],
    kind: SharedDocumentKind | None = None,
    area_service: UUID | None = None,
    unread: bool = False,
    archived: bool = False,
):
    require(request.user, VIEW_DOCUMENTS)
    service = None
    if area_service is not None:
        try:
            service = selectors.area_service_get(user=request.user, uuid=area_service)
        except AreaService.DoesNotExist:
            raise Http404 from None
    rows = selectors.documents(
        user=request.user, kind=kind, area_service=service, unread=unread, archived=archived
    )
    page = rows[pagination.offset : pagination.offset + pagination.limit]
    items = [_document_out(d) for d in selectors.with_readership(page)]
    return page_of(request, items, pagination, rows.count())


def _document_detail(request, document: SharedDocument) -> dict:
    page = selectors.document_page(user=request.user, document=document)
    current = page["current"]
    out = _document_out(selectors.with_readership([document])[0])
    out["read_by_me"] = page["read_current"]
    out["current_version"] = current.number if current else None
    out["description"] = document.description
    out["versions"] = [_version_out(v) for v in page["versions"]]
    return out


def _document(request, uuid) -> SharedDocument:
    try:
        return selectors.document_get(user=request.user, uuid=uuid)
    except SharedDocument.DoesNotExist:
        raise Http404 from None


@router.get(
    "/documents/{uuid}",
    response={200: SharedDocumentDetailOut, **READ_ERRORS},
    summary="Un documento condiviso con le sue versioni e le conferme di lettura",
    description="Chi ha letto ogni versione: tutti per il coordinamento e per chi ha "
    "pubblicato il documento; per gli altri, solo la propria conferma.",
)
def get_shared_document(request, uuid: UUID):
    require(request.user, VIEW_DOCUMENTS)
    return _document_detail(request, _document(request, uuid))


@router.post(
    "/documents/{uuid}/versions",
    response={201: SharedDocumentVersionOut, **WRITE_ERRORS},
    summary="Pubblica una nuova versione (PDF, JPEG o PNG)",
    description="Multipart: `file` e `note` (cosa cambia). Il numero è l'ultimo più uno; la "
    "nuova versione è da leggere per tutti.",
)
def create_document_version(request, uuid: UUID, file: File[UploadedFile], note: Form[str] = ""):
    require(request.user, VIEW_DOCUMENTS)
    document = _document(request, uuid)
    version = services.shared_document_add_version(
        actor=request.user, document=document, file=file, note=note
    )
    page = selectors.document_page(user=request.user, document=document)
    shown = next(v for v in page["versions"] if v.pk == version.pk)
    return Status(201, _version_out(shown))


@router.post(
    "/document-versions/{uuid}/read",
    response={201: SharedDocumentReceiptOut, **WRITE_ERRORS},
    summary="Conferma di aver letto una versione («Ho letto»)",
    description="Una sola conferma per persona e versione: ripeterla restituisce la prima.",
)
def create_read_receipt(request, uuid: UUID):
    require(request.user, VIEW_DOCUMENTS)
    try:
        version = selectors.version_get(user=request.user, uuid=uuid)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
    receipt = services.document_mark_read(actor=request.user, version=version)
    return Status(201, {"name": _name(request.user), "read_at": receipt.read_at})
