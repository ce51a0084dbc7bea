"""§3 Registry API: persons, households, ISEE.

Same rules as the pages: every read goes through the selectors (scoped by `visible_to`,
logged in AccessLog), every write through the services (validated, logged in EventLog); the
API authentication sets the audit channel to "api". What the caller may not see is a 404.
Search terms travel in the request body, never in the URL, so they reach no server log."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status

from ambito.core import fiscal_code
from ambito.core.api_pagination import PaginationIn, page_of
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS
from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.permissions import require
from ambito.territory.models import Municipality

from .choices import Relationship
from .models import Household, Person
from .schemas import (
    ConfirmationOut,
    DuplicateOut,
    HouseholdCreateIn,
    HouseholdMemberEndIn,
    HouseholdMemberIn,
    HouseholdOut,
    IseeRecordIn,
    IseeRecordOut,
    IseeRecordPage,
    PersonCreateIn,
    PersonDetail,
    PersonPage,
    PersonSearchIn,
    PersonUpdateIn,
)
from .selectors import (
    PersonQuery,
    current_membership,
    household_get,
    household_profile,
    isee_history,
    person_get,
    person_search_page,
)
from .services import (
    DuplicatePerson,
    PersonNeedsConfirmation,
    household_add_member,
    household_create,
    household_remove_member,
    isee_record_add,
    person_create,
    person_update,
)

router = Router(tags=["Anagrafe"])

NOT_VISIBLE = "Nessuna persona con questo identificativo tra quelle che puoi consultare."


def _visible_person(request, uuid: UUID) -> Person:
    """A person the caller may see, without logging a read (the caller is about to write)."""
    try:
        return Person.objects.visible_to(request.user).get(uuid=uuid)
    except Person.DoesNotExist:
        raise Http404 from None


def _read_person(request, uuid: UUID) -> Person:
    """A person the caller may see, with the read logged and the current household attached."""
    try:
        person = person_get(user=request.user, uuid=uuid)
    except Person.DoesNotExist:
        raise Http404 from None
    person.current_membership = current_membership(person)
    return person


def _read_household(request, uuid: UUID) -> dict:
    try:
        household = household_get(user=request.user, uuid=uuid)
    except Household.DoesNotExist:
        raise Http404 from None
    # Current members first, the reference person at the top, then by date of entry; the
    # same order on every database (NULL end dates sort differently on SQLite and Postgres).
    members = sorted(
        household.memberships.all(),
        key=lambda m: (
            m.end_date is not None,
            m.relationship != Relationship.HEAD,
            m.start_date,
            m.pk,
        ),
    )
    # One query for the members' municipalities instead of one per member.
    prefetch_related_objects([m.person for m in members], "residence_municipality")
    today = timezone.localdate()  # Europe/Rome, not the server's clock
    profile = household_profile(household, today)
    return {
        "uuid": household.uuid,
        "municipality": household.municipality,
        "address": household.address,
        "members": members,
        "profile": {
            "on": today,
            "size": profile.size,
            "adults": profile.adults,
            "minors_count": profile.minors_count,
            "minor_ages": profile.minor_ages,
            "children_0_3": profile.children_0_3,
            "children_first_1000_days": profile.children_first_1000_days,
            "single_parent": profile.single_parent,
        },
    }


def _person_in_body(request, uuid: UUID, field: str) -> Person:
    """A person named in the request body: unknown or not visible is a field error."""
    person = Person.objects.visible_to(request.user).filter(uuid=uuid).first()
    if person is None:
        raise ValidationError({field: NOT_VISIBLE})
    return person


def _municipality(uuid: UUID | None) -> Municipality | None:
    """The municipality with this UUID; the services check that it is the caller's to use."""
    return Municipality.objects.filter(uuid=uuid).first() if uuid else None


# --- persons -------------------------------------------------------------------------------


@router.post(
    "/persons/search",
    response={200: PersonPage, **WRITE_ERRORS},
    summary="Cerca persone",
    description="Cerca tra le persone che puoi consultare per codice fiscale, cognome (anche "
    "solo le prime lettere), nome e data di nascita, a pagine (limit, offset). I termini di "
    "ricerca vanno nel corpo della richiesta, mai nell'indirizzo. La ricerca è registrata "
    "nel registro accessi (senza i termini cercati).",
)
def search_persons(request, payload: PersonSearchIn, pagination: Query[PaginationIn]):
    require(request.user, "registry.view_person")
    query = PersonQuery.parse(payload.q)
    if payload.fiscal_code:
        query.fiscal_code = fiscal_code.normalise(payload.fiscal_code)
    if payload.birth_date:
        query.birth_date = payload.birth_date
    if query.is_empty:
        raise ValidationError(
            {"q": "Scrivi un codice fiscale, un cognome (bastano le prime lettere) o una data."}
        )
    found, count = person_search_page(
        user=request.user, query=query, offset=pagination.offset, limit=pagination.limit
    )
    return page_of(request, found, pagination, count)


@router.get(
    "/persons",
    response={200: PersonPage, **READ_ERRORS},
    summary="Elenco delle persone",
    description="Le persone che puoi consultare, in ordine di cognome e nome, a pagine "
    "(limit, offset). La consultazione è registrata come una ricerca.",
)
def list_persons(request, pagination: Query[PaginationIn]):
    require(request.user, "registry.view_person")
    qs = Person.objects.visible_to(request.user).select_related("residence_municipality")
    items = list(qs[pagination.offset : pagination.offset + pagination.limit])
    count = qs.count()
    log_access(
        user=request.user,
        action=AccessAction.SEARCH,
        object_type="registry.person",
        detail={
            "kind": "list",
            "results": len(items),
            "uuids": [str(person.uuid) for person in items],
        },
    )
    return page_of(request, items, pagination, count)


@router.get(
    "/persons/{person_uuid}",
    response={200: PersonDetail, **READ_ERRORS},
    summary="Scheda della persona",
    description="Tutti i dati anagrafici, il nucleo attuale e i dati sul trattamento. "
    "La lettura è registrata nel registro accessi.",
)
def get_person(request, person_uuid: UUID):
    require(request.user, "registry.view_person")
    return _read_person(request, person_uuid)


@router.post(
    "/persons",
    response={201: PersonDetail, 409: DuplicateOut | ConfirmationOut, **WRITE_ERRORS},
    summary="Registra una persona",
    description="Data di nascita, sesso e luogo di nascita si ricavano dal codice fiscale. "
    "409 se il codice fiscale è già registrato (con il riferimento alla persona, se puoi "
    "consultarla) o se ci sono avvisi da confermare (omonimi, nome o cognome che non "
    "corrispondono al codice): in quel caso ripeti la richiesta con «confirmed»: true. "
    "422 con i messaggi per campo se i dati non sono validi; nulla viene salvato.",
)
def create_person(request, payload: PersonCreateIn):
    require(request.user, "registry.add_person")
    data = payload.dict(exclude={"confirmed"})
    data["residence_municipality"] = _municipality(payload.residence_municipality)
    try:
        person = person_create(actor=request.user, data=data, confirmed=payload.confirmed)
    except DuplicatePerson as exc:
        return Status(
            409,
            {
                "code": "duplicate",
                "detail": exc.messages[0],
                "existing": exc.existing.uuid if exc.existing else None,
            },
        )
    except PersonNeedsConfirmation as exc:
        visible = Person.objects.visible_to(request.user).filter(
            pk__in=[homonym.pk for homonym in exc.homonyms]
        )
        return Status(
            409,
            {
                "code": "needs_confirmation",
                "detail": "Controlla gli avvisi; per registrare comunque la persona ripeti la "
                "richiesta con «confirmed»: true.",
                "warnings": exc.warnings,
                "homonyms": list(visible.values_list("uuid", flat=True)),
            },
        )
    person.current_membership = None
    return Status(201, person)


# Fields that may not be emptied; the others accept null to clear them.
_REQUIRED_ON_UPDATE = ("fiscal_code", "last_name", "first_name", "residence_municipality")


@router.patch(
    "/persons/{person_uuid}",
    response={200: PersonDetail, 409: DuplicateOut, **WRITE_ERRORS},
    summary="Modifica una persona",
    description="Cambia solo i campi inviati (null svuota un campo facoltativo). Correggere "
    "il codice fiscale ricalcola data, sesso e luogo di nascita. La modifica è registrata.",
)
def update_person(request, person_uuid: UUID, payload: PersonUpdateIn):
    require(request.user, "registry.change_person")
    person = _read_person(request, person_uuid)
    data = payload.dict(exclude_unset=True)
    emptied = [name for name in _REQUIRED_ON_UPDATE if name in data and data[name] is None]
    if emptied:
        raise ValidationError(dict.fromkeys(emptied, "Questo campo non può essere vuoto."))
    if "legal_basis" in data and data["legal_basis"] is None:
        data.pop("legal_basis")
    for name, value in data.items():
        if value is None and name != "privacy_notice_date":
            data[name] = ""
    if "residence_municipality" in data:
        data["residence_municipality"] = _municipality(data["residence_municipality"])
    try:
        person = person_update(actor=request.user, person=person, data=data)
    except DuplicatePerson:
        return Status(
            409,
            {
                "code": "duplicate",
                "detail": "Il nuovo codice fiscale è già registrato per un'altra persona.",
                "existing": None,
            },
        )
    return person


# --- ISEE ----------------------------------------------------------------------------------


@router.get(
    "/persons/{person_uuid}/isee",
    response={200: IseeRecordPage, **READ_ERRORS},
    summary="Attestazioni ISEE della persona",
    description="Le attestazioni della persona e del suo nucleo attuale, dalla più recente, a "
    "pagine (limit, offset). La lettura è registrata.",
)
def list_isee_records(request, person_uuid: UUID, pagination: Query[PaginationIn]):
    require(request.user, "registry.view_iseerecord")
    person = _visible_person(request, person_uuid)
    qs = isee_history(person).select_related("household", "person")
    records = list(qs[pagination.offset : pagination.offset + pagination.limit])
    log_access(
        user=request.user,
        object_type="registry.iseerecord",
        person=person,
        detail={"results": len(records)},
    )
    return page_of(request, records, pagination, qs.count())


@router.post(
    "/persons/{person_uuid}/isee",
    response={201: IseeRecordOut, **WRITE_ERRORS},
    summary="Registra un'attestazione ISEE",
    description="L'attestazione è collegata al nucleo attuale della persona.",
)
def create_isee_record(request, person_uuid: UUID, payload: IseeRecordIn):
    require(request.user, "registry.add_iseerecord")
    person = _visible_person(request, person_uuid)
    record = isee_record_add(actor=request.user, person=person, **payload.dict())
    return Status(201, record)


# --- households ----------------------------------------------------------------------------


@router.get(
    "/households/{household_uuid}",
    response={200: HouseholdOut, **READ_ERRORS},
    summary="Nucleo familiare",
    description="Componenti (attuali e passati) con relazione e date, e i valori usati dai "
    "report: numero di componenti, adulti, minori e loro età, bambini 0-3 anni e nei primi "
    "1000 giorni, nucleo monogenitoriale. La lettura è registrata.",
)
def get_household(request, household_uuid: UUID):
    require(request.user, "registry.view_household")
    return _read_household(request, household_uuid)


@router.post(
    "/households",
    response={201: HouseholdOut, **WRITE_ERRORS},
    summary="Crea un nucleo familiare",
    description="Con la persona indicata come intestatario, nel suo comune di residenza.",
)
def create_household(request, payload: HouseholdCreateIn):
    require(request.user, "registry.add_household")
    head = _person_in_body(request, payload.head, "head")
    household = household_create(
        actor=request.user, head=head, address=payload.address, start_date=payload.start_date
    )
    return Status(201, _read_household(request, household.uuid))


def _visible_household(request, uuid: UUID) -> Household:
    try:
        return Household.objects.visible_to(request.user).get(uuid=uuid)
    except Household.DoesNotExist:
        raise Http404 from None


@router.post(
    "/households/{household_uuid}/members",
    response={201: HouseholdOut, **WRITE_ERRORS},
    summary="Aggiungi un componente al nucleo",
    description="Una persona fa parte di un solo nucleo alla volta.",
)
def add_household_member(request, household_uuid: UUID, payload: HouseholdMemberIn):
    require(request.user, "registry.change_household")
    household = _visible_household(request, household_uuid)
    person = _person_in_body(request, payload.person, "person")
    household_add_member(
        actor=request.user,
        household=household,
        person=person,
        relationship=payload.relationship,
        start_date=payload.start_date,
    )
    return Status(201, _read_household(request, household.uuid))


@router.post(
    "/households/{household_uuid}/members/{person_uuid}/end",
    response={200: HouseholdOut, **WRITE_ERRORS},
    summary="Chiudi l'appartenenza al nucleo",
    description="La persona esce dal nucleo alla data indicata; lo storico resta.",
)
def end_household_member(
    request,
    household_uuid: UUID,
    person_uuid: UUID,
    payload: HouseholdMemberEndIn | None = None,
):
    require(request.user, "registry.change_household")
    household = _visible_household(request, household_uuid)
    member = (
        household.memberships.filter(person__uuid=person_uuid, end_date__isnull=True)
        .select_related("household", "person")
        .first()
    )
    if member is None:
        raise Http404
    household_remove_member(
        actor=request.user, member=member, end_date=payload.end_date if payload else None
    )
    return _read_household(request, household.uuid)
