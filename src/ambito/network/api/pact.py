"""§8 API of the pact under /api/v1/rete/: pacts with their lines; adhesions (list, detail,
create, withdrawal); candidatures (list, detail, create, update with the revision read,
transitions); the third-sector registry. Scoped as the pages: another organisation's rows are
a 404, bad input a 422 with the services' Italian messages, nothing written."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, Money
from ambito.core.audit import log_access
from ambito.core.permissions import NotAllowed
from ambito.territory.models import ActivityField, Organisation

from ..choices import AdhesionRole, CandidatureState
from ..selectors import pact as selectors
from ..services import candidatures as candidature_services
from ..services import pact as services

router = Router(tags=["Rete del Terzo settore"])


def _reader(request) -> None:
    user = request.user
    if not (
        selectors.sees_zone_network(user)
        or (
            getattr(user, "organisation_id", None) is not None
            and user.has_perm("network.view_candidature")
        )
    ):
        raise NotAllowed


# --- schemas -----------------------------------------------------------------------------


class PactLineOut(Schema):
    uuid: UUID
    code: str
    title: str
    description: str


class PactOut(Schema):
    uuid: UUID
    title: str
    period_start: date
    period_end: date
    status: str
    approval_act: str
    lines: list[PactLineOut]


class PactOrganisationRef(Schema):
    uuid: UUID
    name: str


class AdhesionOut(Schema):
    uuid: UUID
    pact: UUID
    organisation: PactOrganisationRef
    role: AdhesionRole
    signed_on: date
    signatory: str
    signatory_role: str
    withdrawn_on: date | None
    withdrawal_reason: str
    has_document: bool


class AdhesionIn(Schema):
    pact: UUID
    organisation: UUID
    signed_on: date
    signatory: str = Field(max_length=200)
    signatory_role: str = Field("", max_length=200)
    role: AdhesionRole = AdhesionRole.ADHERENT


class AdhesionWithdrawalIn(Schema):
    withdrawn_on: date
    reason: str = ""


class CandidatureOut(Schema):
    uuid: UUID
    line: PactLineOut
    organisation: PactOrganisationRef
    state: CandidatureState
    people: int
    hours_per_month: Decimal = Field(description="Ore al mese (un decimale).")
    premises: str
    vehicles: int
    money: Money
    contribution: str
    proposed_role: str
    decision_reason: str
    submitted_at: str
    active_from: date | None
    ended_on: date | None
    revision: int


class CandidatureTransitionOut(Schema):
    from_state: CandidatureState
    to_state: CandidatureState
    reason: str
    at: str


class CandidatureDetailOut(CandidatureOut):
    transitions: list[CandidatureTransitionOut]


class CandidatureResourcesIn(Schema):
    people: int = 0
    hours_per_month: Decimal = Decimal(0)
    premises: str = Field("", max_length=300)
    vehicles: int = 0
    money: Decimal = Decimal(0)


class CandidatureIn(CandidatureResourcesIn):
    line: UUID
    organisation: UUID
    contribution: str
    proposed_role: str = Field(max_length=300)


class CandidatureUpdateIn(Schema):
    revision: int
    people: int | None = None
    hours_per_month: Decimal | None = None
    premises: str | None = Field(None, max_length=300)
    vehicles: int | None = None
    money: Decimal | None = None
    contribution: str | None = None
    proposed_role: str | None = Field(None, max_length=300)


class CandidatureTransitionIn(Schema):
    to_state: CandidatureState
    reason: str = ""
    on: date | None = None


class RegistryOrganisationOut(Schema):
    uuid: UUID
    name: str
    legal_form: str
    tax_code: str
    runts_number: str
    runts_section: str
    legal_representative: str
    pec: str
    municipality: str | None
    fields_of_activity: list[str] = Field(description="Codici dei settori di attività.")

    @staticmethod
    def resolve_municipality(obj):
        return (
            obj["municipality"]
            if isinstance(obj, dict)
            else (obj.municipality.name if obj.municipality_id else None)
        )

    @staticmethod
    def resolve_fields_of_activity(obj):
        if isinstance(obj, dict):
            return obj["fields_of_activity"]
        return [f.code for f in obj.fields_of_activity.all()]


# --- outputs -----------------------------------------------------------------------------


def _line_out(line) -> dict:
    return {
        "uuid": line.uuid,
        "code": line.code,
        "title": line.title,
        "description": line.description,
    }


def _pact_out(pact, lines) -> dict:
    return {
        "uuid": pact.uuid,
        "title": pact.title,
        "period_start": pact.period_start,
        "period_end": pact.period_end,
        "status": pact.status,
        "approval_act": pact.approval_act,
        "lines": [_line_out(line) for line in lines],
    }


def _org_ref(organisation) -> dict:
    return {"uuid": organisation.uuid, "name": organisation.name}


def _adhesion_out(a) -> dict:
    return {
        "uuid": a.uuid,
        "pact": a.pact.uuid,
        "organisation": _org_ref(a.organisation),
        "role": a.role,
        "signed_on": a.signed_on,
        "signatory": a.signatory,
        "signatory_role": a.signatory_role,
        "withdrawn_on": a.withdrawn_on,
        "withdrawal_reason": a.withdrawal_reason,
        "has_document": bool(a.file),
    }


def _candidature_out(c) -> dict:
    return {
        "uuid": c.uuid,
        "line": _line_out(c.line),
        "organisation": _org_ref(c.organisation),
        "state": c.state,
        "people": c.people,
        "hours_per_month": c.hours_per_month,
        "premises": c.premises,
        "vehicles": c.vehicles,
        "money": c.money,
        "contribution": c.contribution,
        "proposed_role": c.proposed_role,
        "decision_reason": c.decision_reason,
        "submitted_at": timezone.localtime(c.submitted_at).isoformat(),
        "active_from": c.active_from,
        "ended_on": c.ended_on,
        "revision": c.revision,
    }


def _candidature_detail(c) -> dict:
    return {
        **_candidature_out(c),
        "transitions": [
            {
                "from_state": t.from_state,
                "to_state": t.to_state,
                "reason": t.reason,
                "at": timezone.localtime(t.at).isoformat(),
            }
            for t in c.transitions.order_by("at", "pk")
        ],
    }


def _registry_out(o) -> dict:
    return {
        "uuid": o.uuid,
        "name": o.name,
        "legal_form": o.legal_form,
        "tax_code": o.tax_code,
        "runts_number": o.runts_number,
        "runts_section": o.runts_section,
        "legal_representative": o.legal_representative,
        "pec": o.pec,
        "municipality": o.municipality.name if o.municipality_id else None,
        "fields_of_activity": [f.code for f in o.fields_of_activity.all()],
    }


def _or_404(row):
    if row is None:
        raise Http404
    return row


def _organisation_for(request, uuid: UUID, field: str = "organisation"):
    """An organisation of the caller's zone; unknown (or of another zone) is a 422."""
    row = Organisation.objects.visible_to(request.user).filter(uuid=uuid).first()
    if row is None:
        raise ValidationError({field: "Ente non trovato in questo ambito."})
    return row


# --- pacts -------------------------------------------------------------------------------


@router.get("/pacts", response={200: list[PactOut], **READ_ERRORS}, summary="Patti territoriali")
@paginate(AmbitoPagination)
def list_pacts(request):
    _reader(request)
    pacts = list(selectors.pacts_for(user=request.user).order_by("-period_start", "title"))
    lines: dict[int, list] = {}
    for line in selectors.lines_for(user=request.user).filter(plan__in=pacts):
        lines.setdefault(line.plan_id, []).append(line)
    return [_pact_out(p, lines.get(p.pk, [])) for p in pacts]


@router.get(
    "/pacts/{uuid}", response={200: PactOut, **READ_ERRORS}, summary="Un patto con le sue linee"
)
def get_pact(request, uuid: UUID):
    _reader(request)
    pact = _or_404(selectors.pact_get(user=request.user, uuid=uuid))
    return _pact_out(pact, selectors.lines_for(user=request.user, pact=pact))


# --- adhesions ---------------------------------------------------------------------------


class AdhesionFilters(Schema):
    pact: UUID | None = None
    on: date | None = Field(None, description="Solo le adesioni in corso a questa data.")


@router.get(
    "/adhesions", response={200: list[AdhesionOut], **READ_ERRORS}, summary="Adesioni al patto"
)
@paginate(AmbitoPagination)
def list_adhesions(request, filters: Query[AdhesionFilters]):
    _reader(request)
    rows = selectors.adhesions_for(user=request.user)
    if filters.pact:
        rows = rows.filter(pact__uuid=filters.pact)
    if filters.on:
        rows = selectors.in_force_on(rows, filters.on)
    return [_adhesion_out(a) for a in rows.order_by("signed_on", "pk")]


@router.get("/adhesions/{uuid}", response={200: AdhesionOut, **READ_ERRORS}, summary="Un'adesione")
def get_adhesion(request, uuid: UUID):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    log_access(user=request.user, obj=row)
    return _adhesion_out(row)


@router.post(
    "/adhesions", response={201: AdhesionOut, **WRITE_ERRORS}, summary="Registra un'adesione"
)
def create_adhesion(request, payload: AdhesionIn):
    _reader(request)
    pact = selectors.pact_get(user=request.user, uuid=payload.pact)
    if pact is None:
        raise ValidationError({"pact": "Patto non trovato in questo ambito."})
    row = services.adhesion_sign(
        actor=request.user,
        pact=pact,
        organisation=_organisation_for(request, payload.organisation),
        signed_on=payload.signed_on,
        signatory=payload.signatory,
        signatory_role=payload.signatory_role,
        role=payload.role,
    )
    return Status(201, _adhesion_out(row))


@router.post(
    "/adhesions/{uuid}/withdrawal",
    response={200: AdhesionOut, **WRITE_ERRORS},
    summary="Registra il recesso dal patto",
)
def withdraw_adhesion(request, uuid: UUID, payload: AdhesionWithdrawalIn):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    row = services.adhesion_withdraw(
        actor=request.user,
        adhesion=row,
        withdrawn_on=payload.withdrawn_on,
        reason=payload.reason,
    )
    return _adhesion_out(row)


@router.post(
    "/adhesions/{uuid}/document",
    response={200: AdhesionOut, **WRITE_ERRORS},
    summary="Carica l'atto sottoscritto di un'adesione (PDF, JPEG o PNG)",
    description="Multipart: `file`. Sostituisce l'atto caricato prima, se c'era.",
)
def upload_adhesion_document(request, uuid: UUID, file: File[UploadedFile]):
    row = _or_404(selectors.adhesion_get(user=request.user, uuid=uuid))
    row = services.adhesion_attach_document(actor=request.user, adhesion=row, document=file)
    return _adhesion_out(row)


# --- candidatures ------------------------------------------------------------------------


class CandidatureFilters(Schema):
    state: CandidatureState | None = None
    line: UUID | None = None
    organisation: UUID | None = None


@router.get(
    "/candidatures", response={200: list[CandidatureOut], **READ_ERRORS}, summary="Candidature"
)
@paginate(AmbitoPagination)
def list_candidatures(request, filters: Query[CandidatureFilters]):
    _reader(request)
    rows = selectors.candidatures_for(user=request.user, state=filters.state or "")
    if filters.line:
        rows = rows.filter(line__uuid=filters.line)
    if filters.organisation:
        rows = rows.filter(organisation__uuid=filters.organisation)
    return [_candidature_out(c) for c in rows]


@router.get(
    "/candidatures/{uuid}",
    response={200: CandidatureDetailOut, **READ_ERRORS},
    summary="Una candidatura con la sua storia",
)
def get_candidature(request, uuid: UUID):
    row = _or_404(selectors.candidature_get(user=request.user, uuid=uuid))
    log_access(user=request.user, obj=row)
    return _candidature_detail(row)


@router.post(
    "/candidatures",
    response={201: CandidatureDetailOut, **WRITE_ERRORS},
    summary="Presenta una candidatura a una linea del patto",
)
def create_candidature(request, payload: CandidatureIn):
    _reader(request)
    data = payload.dict()
    line = selectors.lines_for(user=request.user).filter(uuid=data.pop("line")).first()
    organisation = _organisation_for(request, data.pop("organisation"))
    if line is None:
        raise ValidationError(
            {
                "line": "La linea scelta non è del patto di questo ambito: ci si candida solo "
                "alle linee del patto territoriale del proprio ambito."
            }
        )
    row = candidature_services.candidature_submit(
        actor=request.user, line=line, organisation=organisation, **data
    )
    return Status(201, _candidature_detail(row))


@router.patch(
    "/candidatures/{uuid}",
    response={200: CandidatureDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Modifica una candidatura (con la revisione letta)",
)
def update_candidature(request, uuid: UUID, payload: CandidatureUpdateIn):
    row = _or_404(selectors.candidature_get(user=request.user, uuid=uuid))
    data = payload.dict(exclude_unset=True)
    revision = data.pop("revision")
    data = {k: v for k, v in data.items() if v is not None}
    try:
        row = candidature_services.candidature_update(
            actor=request.user, candidature=row, revision=revision, **data
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "revision" in error.error_dict:
            raise HttpError(409, error.message_dict["revision"][0]) from None
        raise
    return _candidature_detail(row)


@router.post(
    "/candidatures/{uuid}/transitions",
    response={200: CandidatureDetailOut, **WRITE_ERRORS},
    summary="Cambia lo stato di una candidatura",
)
def create_candidature_transition(request, uuid: UUID, payload: CandidatureTransitionIn):
    row = _or_404(selectors.candidature_get(user=request.user, uuid=uuid))
    row = candidature_services.candidature_transition(
        actor=request.user,
        candidature=row,
        to_state=payload.to_state,
        reason=payload.reason,
        on=payload.on,
    )
    return _candidature_detail(row)


# --- the registry ------------------------------------------------------------------------


class RegistryOrganisationFilters(Schema):
    field_of_activity: str | None = Field(None, description="Codice del settore di attività.")
    runts_section: str | None = None
    q: str | None = None


@router.get(
    "/organisations",
    response={200: list[RegistryOrganisationOut], **READ_ERRORS},
    summary="Registro degli enti del Terzo settore",
)
@paginate(AmbitoPagination)
def list_registry_organisations(request, filters: Query[RegistryOrganisationFilters]):
    _reader(request)

    field = None
    if filters.field_of_activity:
        field = ActivityField.objects.filter(code=filters.field_of_activity).first()
        if field is None:
            raise ValidationError({"field_of_activity": "Settore di attività sconosciuto."})
    rows = selectors.organisations_for(
        user=request.user,
        field_of_activity=field,
        runts_section=filters.runts_section or "",
        q=filters.q or "",
    ).prefetch_related("fields_of_activity")
    return rows


@router.get(
    "/organisations/{uuid}",
    response={200: RegistryOrganisationOut, **READ_ERRORS},
    summary="Un ente del registro",
)
def get_registry_organisation(request, uuid: UUID):
    _reader(request)
    row = _or_404(selectors.organisation_get(user=request.user, uuid=uuid))
    log_access(user=request.user, obj=row)
    return _registry_out(row)
