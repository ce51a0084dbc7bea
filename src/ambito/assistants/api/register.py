"""API of the family assistants register, scoped as the pages: the workers (the managers see
the whole register; a search user only the listable ones), a new application, state and
consent; the access point's search; the matches and their outcome; the figures.

Lists are cut here (not by @paginate) so that the workers and the persons shown are logged."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from ambito.core.api_pagination import PaginationIn, page_of
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Ref
from ambito.core.audit import log_access, log_persons_shown
from ambito.core.choices import AccessAction
from ambito.core.permissions import NotAllowed, require
from ambito.territory.models import AccessPoint, Municipality

from ..choices import Language, MatchOutcome, WorkerKind, WorkerState
from ..scoping import MANAGE, SEARCH
from ..selectors import register as selectors
from ..services import matches as match_services
from ..services import register as services
from ..services.common import NOT_ALLOWED, is_manager
from ..views.common import log_workers_shown

router = Router(tags=["Registro degli assistenti familiari"])

VIEW = "assistants.view_worker"
KINDS = ", ".join(WorkerKind.values)
STATES = ", ".join(WorkerState.values)
LANGUAGES = ", ".join(Language.values)
OUTCOMES = ", ".join(MatchOutcome.values)


class AssistantWorkerOut(Schema):
    uuid: UUID
    first_name: str
    last_name: str
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    state: str | None = Field(
        None, description=f"Uno tra: {STATES} (solo per chi gestisce il registro)"
    )
    phone: str
    email: str
    languages: list[str] = Field(..., description=f"Codici tra: {LANGUAGES}")
    municipalities: list[Ref]
    weekly_hours: int
    live_in: bool
    nights: bool
    weekends: bool
    consent_given_on: date | None = None
    consent_withdrawn_on: date | None = None


class AssistantWorkerPage(Schema):
    count: int = Field(..., description="Numero totale di assistenti.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[AssistantWorkerOut]


class AssistantWorkerIn(Schema):
    first_name: str = Field(..., max_length=100)
    last_name: str = Field(..., max_length=100)
    kind: str = Field(..., description=f"Uno tra: {KINDS}")
    fiscal_code: str = Field("", max_length=16)
    birth_date: date | None = None
    citizenship: str = Field("", max_length=100)
    needs_residence_permit: bool = False
    phone: str = Field("", max_length=32)
    email: str = Field("", max_length=254)
    applied_on: date | None = None
    municipalities: list[UUID] = []
    languages: list[str] = Field([], description=f"Codici tra: {LANGUAGES}")
    weekly_hours: int = Field(0, ge=0, le=168)
    live_in: bool = False
    nights: bool = False
    weekends: bool = False


class AssistantStateIn(Schema):
    state: str = Field(..., description=f"Uno tra: {STATES}")
    on: date | None = None
    reason: str = Field("", max_length=300)


class AssistantConsentIn(Schema):
    given: bool = Field(..., description="true: consenso dato; false: consenso revocato")
    on: date | None = None
    show_phone: bool = False


class AssistantWorkerFilters(Schema):
    state: str | None = Field(None, description=f"Uno tra: {STATES}")
    kind: str | None = Field(None, description=f"Uno tra: {KINDS}")
    municipality: UUID | None = None


class AssistantSearchFilters(Schema):
    municipality: UUID | None = None
    language: str | None = Field(None, description=f"Uno tra: {LANGUAGES}")
    kind: str | None = Field(None, description="care o babysitter (chi fa entrambi compare sempre)")
    min_hours: int | None = Field(None, ge=0, le=168)
    live_in: bool = False
    nights: bool = False
    weekends: bool = False


class AssistantMatchOut(Schema):
    uuid: UUID
    worker: Ref
    person: Ref | None
    family_reference: str
    access_point: Ref
    matched_on: date
    outcome: str = Field(..., description=f"Uno tra: {OUTCOMES}")
    hours_agreed: int | None
    started_on: date | None
    ended_on: date | None


class AssistantMatchPage(Schema):
    count: int = Field(..., description="Numero totale di abbinamenti.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[AssistantMatchOut]


class AssistantMatchIn(Schema):
    worker: UUID
    access_point: UUID
    person: UUID | None = None
    family_reference: str = Field("", max_length=200)
    matched_on: date | None = None
    notes: str = Field("", max_length=2000)


class AssistantOutcomeIn(Schema):
    outcome: str = Field(..., description=f"Uno tra: {OUTCOMES}")
    hours_agreed: int | None = Field(None, ge=1, le=168)
    started_on: date | None = None
    ended_on: date | None = None


class AssistantFigureOut(Schema):
    label: str
    count: int


class AssistantFiguresOut(Schema):
    enrolled: int
    listable: int
    matches: int
    hours_started: int
    by_state: list[AssistantFigureOut]
    enrolled_by_kind: list[AssistantFigureOut]
    enrolled_by_municipality: list[AssistantFigureOut]
    languages: list[AssistantFigureOut]
    matches_by_outcome: list[AssistantFigureOut]


def _worker_out(worker, manager: bool) -> dict:
    return {
        "uuid": worker.uuid,
        "first_name": worker.first_name,
        "last_name": worker.last_name,
        "kind": worker.kind,
        "state": worker.state if manager else None,
        "phone": worker.phone,
        "email": worker.email,
        "languages": [row.language for row in worker.languages.all()],
        "municipalities": [{"uuid": m.uuid, "name": m.name} for m in worker.municipalities.all()],
        "weekly_hours": worker.weekly_hours,
        "live_in": worker.live_in,
        "nights": worker.nights,
        "weekends": worker.weekends,
        "consent_given_on": worker.consent_given_on if manager else None,
        "consent_withdrawn_on": worker.consent_withdrawn_on if manager else None,
    }


def _match_out(match) -> dict:
    person = match.person
    return {
        "uuid": match.uuid,
        "worker": {"uuid": match.worker.uuid, "name": match.worker.public_name},
        "person": {"uuid": person.uuid, "name": f"{person.last_name} {person.first_name}"}
        if person
        else None,
        "family_reference": match.family_reference,
        "access_point": {"uuid": match.access_point.uuid, "name": match.access_point.name},
        "matched_on": match.matched_on,
        "outcome": match.outcome,
        "hours_agreed": match.hours_agreed,
        "started_on": match.started_on,
        "ended_on": match.ended_on,
    }


def _municipality(request, uuid):
    if uuid is None:
        return None
    found = Municipality.objects.filter(zone_id=request.user.zone_id, uuid=uuid).first()
    if found is None:
        raise ValidationError({"municipality": ["Comune non trovato in questo ambito."]})
    return found


def _worker(request, uuid):
    worker = selectors.worker_for(user=request.user, uuid=uuid)
    if worker is None:
        raise Http404
    return worker


def _page(request, rows, pagination, *, action=AccessAction.VIEW):
    manager = is_manager(request.user)
    shown = list(rows[pagination.offset : pagination.offset + pagination.limit])
    log_workers_shown(request.user, shown, action=action, detail={"offset": pagination.offset})
    return page_of(request, [_worker_out(w, manager) for w in shown], pagination, rows.count())


@router.get(
    "/lavoratori", response={200: AssistantWorkerPage, **READ_ERRORS}, summary="Il registro"
)
def list_workers(request, filters: Query[AssistantWorkerFilters], pagination: Query[PaginationIn]):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    if filters.state and filters.state not in WorkerState.values:
        raise ValidationError({"state": [f"Stato non valido: usa uno tra {STATES}."]})
    if filters.kind and filters.kind not in WorkerKind.values:
        raise ValidationError({"kind": [f"Tipo non valido: usa uno tra {KINDS}."]})
    rows = selectors.workers_for(
        user=request.user,
        state=filters.state or "",
        kind=filters.kind or "",
        municipality=_municipality(request, filters.municipality),
    )
    return _page(request, rows, pagination)


@router.get(
    "/lavoratori/{uuid}", response={200: AssistantWorkerOut, **READ_ERRORS}, summary="Un assistente"
)
def get_worker(request, uuid: UUID):
    require(request.user, VIEW)
    worker = _worker(request, uuid)
    log_access(user=request.user, obj=worker)
    return _worker_out(worker, is_manager(request.user))


@router.post(
    "/lavoratori",
    response={201: AssistantWorkerOut, **WRITE_ERRORS},
    summary="Registra una domanda di iscrizione",
)
def create_worker(request, payload: AssistantWorkerIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    data = payload.dict()
    wanted = set(data.pop("municipalities"))
    found = list(Municipality.objects.filter(zone_id=request.user.zone_id, uuid__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({"municipalities": ["Uno o più comuni non sono di questo ambito."]})
    worker = services.worker_create(actor=request.user, municipalities=found, **data)
    return Status(201, _worker_out(_worker(request, worker.uuid), True))


@router.post(
    "/lavoratori/{uuid}/stato",
    response={200: AssistantWorkerOut, **WRITE_ERRORS},
    summary="Cambia lo stato dell'iscrizione",
)
def set_worker_state(request, uuid: UUID, payload: AssistantStateIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    worker = _worker(request, uuid)
    services.worker_set_state(
        actor=request.user, worker=worker, state=payload.state, on=payload.on, reason=payload.reason
    )
    return _worker_out(_worker(request, uuid), True)


@router.post(
    "/lavoratori/{uuid}/consenso",
    response={200: AssistantWorkerOut, **WRITE_ERRORS},
    summary="Registra il consenso all'elenco o la sua revoca",
)
def set_worker_consent(request, uuid: UUID, payload: AssistantConsentIn):
    require(request.user, VIEW)
    worker = _worker(request, uuid)
    if payload.given:
        services.consent_give(
            actor=request.user, worker=worker, on=payload.on, show_phone=payload.show_phone
        )
    else:
        services.consent_withdraw(actor=request.user, worker=worker, on=payload.on)
    found = selectors.worker_for(user=request.user, uuid=uuid)
    if found is None:  # a search user no longer sees the worker who withdrew
        return _worker_out(worker, False) | {"phone": "", "email": ""}
    return _worker_out(found, is_manager(request.user))


@router.get(
    "/ricerca",
    response={200: AssistantWorkerPage, **READ_ERRORS},
    summary="Ricerca degli assistenti disponibili (punto di accesso)",
)
def search_workers(
    request, filters: Query[AssistantSearchFilters], pagination: Query[PaginationIn]
):
    require(request.user, SEARCH, message=NOT_ALLOWED)
    if filters.language and filters.language not in Language.values:
        raise ValidationError({"language": [f"Lingua non valida: usa una tra {LANGUAGES}."]})
    if filters.kind and filters.kind not in (WorkerKind.CARE, WorkerKind.BABYSITTER):
        raise ValidationError({"kind": ["Tipo non valido: usa care o babysitter."]})
    rows = selectors.search(
        user=request.user,
        municipality=_municipality(request, filters.municipality),
        language=filters.language or "",
        kind=filters.kind or "",
        min_hours=filters.min_hours,
        live_in=filters.live_in,
        nights=filters.nights,
        weekends=filters.weekends,
    )
    return _page(request, rows, pagination, action=AccessAction.SEARCH)


class AssistantMatchFilters(Schema):
    outcome: str | None = Field(None, description=f"Uno tra: {OUTCOMES}")


@router.get(
    "/abbinamenti", response={200: AssistantMatchPage, **READ_ERRORS}, summary="Abbinamenti"
)
def list_matches(request, filters: Query[AssistantMatchFilters], pagination: Query[PaginationIn]):
    require(request.user, "assistants.view_match")
    if filters.outcome and filters.outcome not in MatchOutcome.values:
        raise ValidationError({"outcome": [f"Esito non valido: usa uno tra {OUTCOMES}."]})
    rows = selectors.matches_for(user=request.user, outcome=filters.outcome or "")
    shown = list(rows[pagination.offset : pagination.offset + pagination.limit])
    log_persons_shown(
        user=request.user, rows=shown, person_field="person", object_type="assistants.match"
    )
    return page_of(request, [_match_out(m) for m in shown], pagination, rows.count())


def _match(request, uuid):
    match = selectors.match_for(user=request.user, uuid=uuid)
    if match is None:
        raise Http404
    return match


@router.get(
    "/abbinamenti/{uuid}",
    response={200: AssistantMatchOut, **READ_ERRORS},
    summary="Un abbinamento",
)
def get_match(request, uuid: UUID):
    require(request.user, "assistants.view_match")
    match = _match(request, uuid)
    log_access(user=request.user, obj=match, person=match.person)
    return _match_out(match)


@router.post(
    "/abbinamenti",
    response={201: AssistantMatchOut, **WRITE_ERRORS},
    summary="Registra un abbinamento",
)
def create_match(request, payload: AssistantMatchIn):
    require(request.user, "assistants.add_match", message=NOT_ALLOWED)
    require(request.user, SEARCH, message=NOT_ALLOWED)
    worker = _worker(request, payload.worker)
    access_point = AccessPoint.objects.filter(
        zone_id=request.user.zone_id, uuid=payload.access_point
    ).first()
    if access_point is None:
        raise ValidationError({"access_point": ["Punto di accesso non trovato in questo ambito."]})
    person = None
    if payload.person:
        from ambito.registry.models import Person

        person = Person.objects.visible_to(request.user).filter(uuid=payload.person).first()
        if person is None:
            raise ValidationError(
                {"person": ["Persona non trovata nell'anagrafe che puoi consultare."]}
            )
    match = match_services.match_create(
        actor=request.user,
        worker=worker,
        access_point=access_point,
        person=person,
        family_reference=payload.family_reference,
        matched_on=payload.matched_on,
        notes=payload.notes,
    )
    return Status(201, _match_out(_match(request, match.uuid)))


@router.post(
    "/abbinamenti/{uuid}/esito",
    response={200: AssistantMatchOut, **WRITE_ERRORS},
    summary="Aggiorna l'esito di un abbinamento",
)
def set_match_outcome(request, uuid: UUID, payload: AssistantOutcomeIn):
    require(request.user, "assistants.change_match", message=NOT_ALLOWED)
    match = _match(request, uuid)
    match_services.match_set_outcome(actor=request.user, match=match, **payload.dict())
    return _match_out(_match(request, uuid))


@router.get(
    "/dati", response={200: AssistantFiguresOut, **READ_ERRORS}, summary="Dati del registro"
)
def get_figures(request):
    data = selectors.figures(request.user)
    if data is None:
        raise NotAllowed("Non hai il permesso di vedere i dati del registro.")

    def pairs(rows):
        return [{"label": label, "count": count} for label, count in rows]

    return {
        "enrolled": data.enrolled,
        "listable": data.listable,
        "matches": data.matches,
        "hours_started": data.hours_started,
        "by_state": pairs(data.by_state),
        "enrolled_by_kind": pairs(data.enrolled_by_kind),
        "enrolled_by_municipality": pairs(data.enrolled_by_municipality),
        "languages": pairs(data.languages),
        "matches_by_outcome": pairs(data.matches_by_outcome),
    }
