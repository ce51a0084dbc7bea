"""§4 Cases API: the same rules as the pages — reads scoped and logged, writes through the
services (the workflow refuses illegal transitions with 422), another scope's case a 404."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money
from ambito.core.permissions import require, working_zone
from ambito.registry.models import Person
from ambito.registry.selectors import person_get

from . import selectors, services
from .models import Case, CaseLine, CaseSource, ClosureReason, DiaryKind
from .workflow import CaseStatus, PreAssessmentOutcome

router = Router(tags=["Cartelle"])


def _case(request, uuid: UUID) -> Case:
    try:
        return selectors.case_get(user=request.user, uuid=uuid)
    except Case.DoesNotExist:
        raise Http404 from None


class UserRef(Schema):
    uuid: UUID
    name: str

    @staticmethod
    def resolve_name(obj):
        return obj.get_full_name() or obj.username


class CaseOut(Schema):
    uuid: UUID
    number: str
    status: CaseStatus
    line: CaseLine
    source: CaseSource
    person: UUID = Field(..., description="Persona di riferimento (identificativo).")
    household: UUID | None = None
    municipality: str
    case_manager: UserRef | None = None
    opened_at: datetime
    assigned_at: datetime | None
    closed_at: datetime | None
    closure_reason: str

    @staticmethod
    def resolve_person(obj):
        return obj.person.uuid

    @staticmethod
    def resolve_household(obj):
        return obj.household.uuid if obj.household_id else None

    @staticmethod
    def resolve_municipality(obj):
        return obj.municipality.name


class TransitionOut(Schema):
    name: str
    from_status: str
    to_status: str
    at: datetime
    reason: str


class DurationOut(Schema):
    label: str
    working_days: int | None
    start: date | None
    end: date | None


class CaseDetailOut(CaseOut):
    """The case page's figures; the selectors' results are attached to the case as `page`."""

    transitions: list[TransitionOut]
    allowed: list[str] = Field(..., description="Passaggi ammessi dallo stato attuale.")
    pre_assessment_outcome: str | None = None
    durations: list[DurationOut]

    @staticmethod
    def resolve_transitions(obj):
        return obj.page["transitions"]

    @staticmethod
    def resolve_allowed(obj):
        return [t.name for t in obj.page["allowed"]]

    @staticmethod
    def resolve_pre_assessment_outcome(obj):
        return obj.page["card"].outcome if obj.page["card"] else None

    @staticmethod
    def resolve_durations(obj):
        return obj.page["durations"]


class CaseFilters(Schema):
    status: CaseStatus | None = None
    line: CaseLine | None = None


class CaseIn(Schema):
    person: UUID
    line: CaseLine = CaseLine.SOCIAL
    source: CaseSource = CaseSource.DIRECT
    referral_from: str = Field("", max_length=200)


class TransitionIn(Schema):
    name: str = Field(..., description="Nome del passaggio (vedi 'allowed' della cartella).")
    reason: str = Field("", max_length=2000)


class CloseIn(Schema):
    reason: ClosureReason
    outcome: str = Field("", max_length=5000)


class AssignIn(Schema):
    manager: UUID = Field(..., description="Operatore (identificativo utente).")
    reason: str = Field("", max_length=500)


class PreAssessmentIn(Schema):
    held_on: date
    cpi_consultant: str = Field(..., max_length=200)
    household_confirmed: bool = False
    household_situation: str
    needs_by_dimension: dict[str, str] = Field(
        default_factory=dict, description="Bisogni per dimensione (work, income, housing, …)."
    )
    needs: str = Field("", description="Sintesi dei bisogni; obbligatoria senza dimensioni.")
    resources: str = ""
    employment_status: str = ""
    employment_notes: str = ""
    outcome: PreAssessmentOutcome
    outcome_reason: str = ""
    notes: str = ""


class DiaryIn(Schema):
    kind: DiaryKind
    happened_at: datetime | None = None
    text: str = Field(..., max_length=20000)
    health: bool = False


class TaskIn(Schema):
    title: str = Field(..., max_length=200)
    due_on: date


@router.get("/cases", response={200: list[CaseOut], **READ_ERRORS}, summary="Cartelle visibili")
@paginate(AmbitoPagination)
def list_cases(request, filters: Query[CaseFilters]):
    require(request.user, "cases.view_case")
    qs = selectors.case_list(user=request.user, status=filters.status, open_only=False)
    if filters.line:
        qs = qs.filter(line=filters.line)
    return qs


@router.post("/cases", response={201: CaseOut, **WRITE_ERRORS}, summary="Apri una cartella")
def open_case(request, payload: CaseIn):
    require(request.user, "cases.add_case")
    try:
        person = person_get(user=request.user, uuid=payload.person)
    except Person.DoesNotExist:
        raise ValidationError({"person": ["Persona non trovata tra quelle visibili."]}) from None
    case = services.case_open(
        actor=request.user,
        person=person,
        line=payload.line,
        source=payload.source,
        referral_from=payload.referral_from,
    )
    return Status(201, case)


@router.get("/cases/{uuid}", response={200: CaseDetailOut, **READ_ERRORS}, summary="Una cartella")
def get_case(request, uuid: UUID):
    require(request.user, "cases.view_case")
    case = _case(request, uuid)
    case.page = selectors.case_page(user=request.user, case=case)
    return case


@router.post(
    "/cases/{uuid}/transitions",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Sposta la cartella lungo il percorso",
)
def transition_case(request, uuid: UUID, payload: TransitionIn):
    require(request.user, "cases.change_case")
    return services.case_transition(
        actor=request.user, case=_case(request, uuid), name=payload.name, reason=payload.reason
    )


@router.post("/cases/{uuid}/close", response={200: CaseOut, **WRITE_ERRORS}, summary="Chiudi")
def close_case(request, uuid: UUID, payload: CloseIn):
    require(request.user, "cases.change_case")
    return services.case_close(
        actor=request.user,
        case=_case(request, uuid),
        reason=payload.reason,
        outcome=payload.outcome,
    )


@router.post("/cases/{uuid}/assign", response={200: CaseOut, **WRITE_ERRORS}, summary="Assegna")
def assign_case(request, uuid: UUID, payload: AssignIn):
    require(request.user, "cases.assign_case")
    manager = next(
        (
            m
            for m in services.assignable_managers(working_zone(request.user).pk)
            if m.uuid == payload.manager
        ),
        None,
    )
    if manager is None:
        raise ValidationError({"manager": ["Operatore non trovato nell'ambito."]})
    return services.case_assign(
        actor=request.user, case=_case(request, uuid), manager=manager, reason=payload.reason
    )


@router.put(
    "/cases/{uuid}/pre-assessment",
    response={200: CaseDetailOut, **WRITE_ERRORS},
    summary="Scheda A (analisi preliminare)",
)
def set_pre_assessment(request, uuid: UUID, payload: PreAssessmentIn):
    require(request.user, "cases.change_case")
    services.pre_assessment_record(
        actor=request.user, case=_case(request, uuid), data=payload.dict()
    )
    return get_case(request, uuid)


@router.post("/cases/{uuid}/diary", response={201: dict, **WRITE_ERRORS}, summary="Voce di diario")
def create_diary_entry(request, uuid: UUID, payload: DiaryIn):
    require(request.user, "cases.change_case")
    entry = services.diary_add(actor=request.user, case=_case(request, uuid), data=payload.dict())
    return Status(201, {"id": entry.pk, "happened_at": entry.happened_at.isoformat()})


@router.post("/cases/{uuid}/tasks", response={201: dict, **WRITE_ERRORS}, summary="Attività")
def create_task(request, uuid: UUID, payload: TaskIn):
    require(request.user, "cases.change_case")
    task = services.task_create(
        actor=request.user, case=_case(request, uuid), title=payload.title, due_on=payload.due_on
    )
    return Status(201, {"id": task.pk, "due_on": task.due_on.isoformat()})


# --- card B, projects, interventions, reviews, documents ----------------------------------------


class InDepthIn(Schema):
    done_on: date
    objectives: str
    actions: str
    timeline: str = ""
    needs: dict[str, str] = Field(default_factory=dict, description="Bisogni per dimensione.")
    resources: dict[str, str] = Field(default_factory=dict, description="Risorse per dimensione.")


class ObjectiveIO(Schema):
    id: int | None = None
    text: str = Field(..., max_length=500)
    indicator: str = Field("", max_length=300)
    deadline: date | None = None


class CommitmentIO(Schema):
    who: str = Field(..., max_length=200)
    text: str = Field(..., max_length=500)


class ProjectIn(Schema):
    summary: str = ""
    objectives: list[ObjectiveIO]
    commitments: list[CommitmentIO] = Field(default_factory=list)


class ProjectOut(Schema):
    uuid: UUID
    version: int
    summary: str
    created_at: datetime
    signed_on: date | None
    objectives: list[ObjectiveIO]
    commitments: list[CommitmentIO]
    pdf: str = Field(..., description="Indirizzo del PDF da stampare e firmare.")

    @staticmethod
    def resolve_objectives(obj):
        return [
            {"id": o.pk, "text": o.text, "indicator": o.indicator, "deadline": o.deadline}
            for o in obj.objectives.all()
        ]

    @staticmethod
    def resolve_commitments(obj):
        return list(obj.commitments.all())

    @staticmethod
    def resolve_pdf(obj):
        return f"/cartelle/{obj.case.uuid}/progetto/{obj.version}/pdf/"


class InterventionIn(Schema):
    intervention_type: str = Field(..., description="Codice del tipo di intervento.")
    service: UUID | None = None
    start_on: date
    end_on: date | None = None
    quantity: Decimal | None = Field(None, max_digits=10, decimal_places=2)
    unit: str = ""
    cost: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    fund: str = Field("", max_length=20, description="Codice della fonte di finanziamento.")
    status: str = "planned"


class InterventionOut(Schema):
    uuid: UUID
    intervention_type: str
    service: str | None
    start_on: date
    end_on: date | None
    quantity: Decimal | None
    unit: str
    cost: Money | None
    fund: str = Field(..., description="Codice della fonte di finanziamento, vuoto se nessuna.")
    status: str

    @staticmethod
    def resolve_intervention_type(obj):
        return obj.intervention_type.code

    @staticmethod
    def resolve_fund(obj):
        return obj.fund.code if obj.fund_id else ""

    @staticmethod
    def resolve_service(obj):
        return obj.service.name if obj.service_id else None


class ReviewIn(Schema):
    kind: str
    held_on: date
    outcomes: dict[int, str] = Field(..., description="Esito per id dell'obiettivo.")
    notes: str = ""


@router.put("/cases/{uuid}/in-depth", response={200: dict, **WRITE_ERRORS}, summary="Scheda B")
def set_in_depth(request, uuid: UUID, payload: InDepthIn):
    require(request.user, "cases.change_case")
    data = payload.dict()
    for dimension, text in payload.needs.items():
        data[f"needs_{dimension}"] = text
    for dimension, text in payload.resources.items():
        data[f"resources_{dimension}"] = text
    analysis = services.in_depth_record(actor=request.user, case=_case(request, uuid), data=data)
    return {"done_on": analysis.done_on.isoformat(), "dimensions": analysis.items.count()}


@router.get(
    "/cases/{uuid}/projects", response={200: list[ProjectOut], **READ_ERRORS}, summary="Progetti"
)
@paginate(AmbitoPagination)
def list_projects(request, uuid: UUID):
    require(request.user, "cases.view_case")
    case = _case(request, uuid)
    return case.projects.prefetch_related("objectives", "commitments").select_related("case")


@router.post(
    "/cases/{uuid}/projects",
    response={201: ProjectOut, **WRITE_ERRORS},
    summary="Nuova versione del progetto",
)
def create_project(request, uuid: UUID, payload: ProjectIn):
    require(request.user, "cases.change_case")
    project = services.project_new_version(
        actor=request.user,
        case=_case(request, uuid),
        summary=payload.summary,
        objectives=[o.dict() for o in payload.objectives],
        commitments=[c.dict() for c in payload.commitments],
    )
    return Status(201, project)


@router.get(
    "/cases/{uuid}/interventions",
    response={200: list[InterventionOut], **READ_ERRORS},
    summary="Interventi",
)
@paginate(AmbitoPagination)
def list_interventions(request, uuid: UUID):
    require(request.user, "cases.view_case")
    return selectors.case_page(user=request.user, case=_case(request, uuid))["interventions"]


@router.post(
    "/cases/{uuid}/interventions",
    response={201: InterventionOut, **WRITE_ERRORS},
    summary="Nuovo intervento",
)
def create_intervention(request, uuid: UUID, payload: InterventionIn):
    from ambito.catalog.models import InterventionType, Service

    require(request.user, "cases.change_case")
    case = _case(request, uuid)
    data = payload.dict()
    data["intervention_type"] = InterventionType.objects.filter(
        code=payload.intervention_type
    ).first()
    if payload.service is not None:
        data["service"] = Service.objects.filter(uuid=payload.service, zone=case.zone).first()
        if data["service"] is None:
            raise ValidationError({"service": ["Servizio non trovato nella carta dell'ambito."]})
    data["fund"] = None
    if payload.fund:
        from ambito.planning.selectors import fund_sources_active

        data["fund"] = fund_sources_active().filter(code=payload.fund).first()
        if data["fund"] is None:
            raise ValidationError(
                {"fund": [f"Fonte di finanziamento sconosciuta: {payload.fund}."]}
            )
    return Status(201, services.intervention_add(actor=request.user, case=case, data=data))


@router.post("/cases/{uuid}/reviews", response={201: dict, **WRITE_ERRORS}, summary="Verifica")
def create_review(request, uuid: UUID, payload: ReviewIn):
    require(request.user, "cases.change_case")
    review = services.review_record(
        actor=request.user,
        case=_case(request, uuid),
        kind=payload.kind,
        held_on=payload.held_on,
        outcomes=payload.outcomes,
        notes=payload.notes,
    )
    return Status(201, {"id": review.pk, "outcomes": review.outcomes.count()})


@router.get("/cases/{uuid}/lep", response={200: list[str], **READ_ERRORS}, summary="Controlli LEP")
@paginate(AmbitoPagination)
def list_lep_flags(request, uuid: UUID):
    from . import lep

    require(request.user, "cases.view_case")
    return lep.flags_for(_case(request, uuid))
