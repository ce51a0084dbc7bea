"""API of accreditation: the schemes, the applications (the plan office the zone's, an
operator their provider's; another's is a 404) with their checklist and history, and the
decision (accredit or reject) of an application in review."""

from datetime import date, datetime
from uuid import UUID

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Ref
from ambito.core.permissions import require

from ..choices import ApplicationState
from ..selectors import accreditation as selectors
from ..services import accreditation as services
from ..services.common import NOT_ALLOWED

router = Router(tags=["Erogatori e titoli sociali"])

VIEW_SCHEME = "providers.view_accreditationscheme"
VIEW_APPLICATION = "providers.view_accreditationapplication"
STATES = ", ".join(ApplicationState.values)


class RequirementOut(Schema):
    position: int
    text: str
    document_required: bool


class AccreditationSchemeOut(Schema):
    uuid: UUID
    title: str
    service: Ref
    description: str
    act: str
    validity_months: int
    tariff: Money
    unit: str
    opens_on: date
    closes_on: date | None
    active: bool
    requirements: list[RequirementOut]


class EvidenceOut(Schema):
    position: int
    requirement: str
    document_required: bool
    has_document: bool
    provider_note: str
    outcome: str = Field(..., description="'' da valutare, met, not_met")
    review_note: str


class ApplicationTransitionOut(Schema):
    from_state: str
    to_state: str
    reason: str
    at: datetime


class ApplicationOut(Schema):
    uuid: UUID
    scheme: Ref
    provider: Ref
    state: str = Field(..., description=f"Uno tra: {STATES}")
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_act: str
    valid_from: date | None
    valid_until: date | None
    reason: str
    renews: UUID | None


class ApplicationDetailOut(ApplicationOut):
    evidence: list[EvidenceOut]
    history: list[ApplicationTransitionOut]


class ApplicationFilters(Schema):
    state: str | None = Field(None, description=f"Uno tra: {STATES}")
    scheme: UUID | None = None


class DecisionIn(Schema):
    accredit: bool = Field(..., description="true: accredita; false: respinge")
    decision_act: str = ""
    valid_from: date | None = None
    valid_until: date | None = Field(None, description="Vuoto: secondo la validità del sistema")
    reason: str = Field("", description="Obbligatoria per il rigetto")


def _scheme_out(scheme) -> dict:
    return {
        "uuid": scheme.uuid,
        "title": scheme.title,
        "service": {"uuid": scheme.service.uuid, "name": scheme.service.name},
        "description": scheme.description,
        "act": scheme.act,
        "validity_months": scheme.validity_months,
        "tariff": scheme.tariff,
        "unit": scheme.unit,
        "opens_on": scheme.opens_on,
        "closes_on": scheme.closes_on,
        "active": scheme.active,
        "requirements": [
            {"position": r.position, "text": r.text, "document_required": r.document_required}
            for r in scheme.requirements.all()
        ],
    }


def _out(application) -> dict:
    return {
        "uuid": application.uuid,
        "scheme": {"uuid": application.scheme.uuid, "name": application.scheme.title},
        "provider": {
            "uuid": application.provider.uuid,
            "name": application.provider.organisation.name,
        },
        "state": application.state,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
        "decision_act": application.decision_act,
        "valid_from": application.valid_from,
        "valid_until": application.valid_until,
        "reason": application.reason,
        "renews": application.renews.uuid if application.renews_id else None,
    }


def _detail(application) -> dict:
    return {
        **_out(application),
        "evidence": [
            {
                "position": e.requirement.position,
                "requirement": e.requirement.text,
                "document_required": e.requirement.document_required,
                "has_document": bool(e.file),
                "provider_note": e.provider_note,
                "outcome": e.outcome,
                "review_note": e.review_note,
            }
            for e in selectors.checklist(application)
        ],
        "history": [
            {"from_state": t.from_state, "to_state": t.to_state, "reason": t.reason, "at": t.at}
            for t in selectors.history(application)
        ],
    }


def _application(request, uuid):
    application = selectors.application_for(user=request.user, uuid=uuid)
    if application is None:
        raise Http404
    return application


@router.get(
    "/accreditamento/schemi",
    response={200: list[AccreditationSchemeOut], **READ_ERRORS},
    summary="Sistemi di accreditamento",
)
@paginate(AmbitoPagination)
def list_accreditation_schemes(request):
    require(request.user, VIEW_SCHEME)
    return [
        _scheme_out(s)
        for s in selectors.schemes_for(user=request.user).prefetch_related("requirements")
    ]


@router.get(
    "/accreditamento/domande",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="Domande di accreditamento",
)
@paginate(AmbitoPagination)
def list_applications(request, filters: Query[ApplicationFilters]):
    require(request.user, VIEW_APPLICATION)
    from django.core.exceptions import ValidationError

    if filters.state and filters.state not in ApplicationState.values:
        raise ValidationError({"state": [f"Stato non valido: usa uno tra {STATES}."]})
    scheme = None
    if filters.scheme:
        scheme = selectors.scheme_for(user=request.user, uuid=filters.scheme)
        if scheme is None:
            return []
    rows = selectors.applications_for(user=request.user, state=filters.state or "", scheme=scheme)
    return [_out(a) for a in rows]


@router.get(
    "/accreditamento/domande/{uuid}",
    response={200: ApplicationDetailOut, **READ_ERRORS},
    summary="Una domanda di accreditamento",
)
def get_application(request, uuid: UUID):
    require(request.user, VIEW_APPLICATION)
    return _detail(_application(request, uuid))


@router.post(
    "/accreditamento/domande/{uuid}/decisione",
    response={200: ApplicationDetailOut, **WRITE_ERRORS},
    summary="Accredita o respinge una domanda in istruttoria",
)
def decide_application(request, uuid: UUID, payload: DecisionIn):
    require(request.user, VIEW_APPLICATION)
    application = _application(request, uuid)
    require(request.user, services.REVIEW, message=NOT_ALLOWED)
    services.application_decide(
        actor=request.user,
        application=application,
        accredit=payload.accredit,
        decision_act=payload.decision_act,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
        reason=payload.reason,
    )
    return _detail(_application(request, uuid))
