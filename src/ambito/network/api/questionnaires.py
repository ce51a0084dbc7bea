"""§8 API of the needs questionnaire: questionnaires (list, one, create), a round sent to the
adherents, an organisation's answer, a round's results. Scoped as the pages: an operator sees
the questionnaires and rounds sent to their organisation; a round not sent to it is a 404."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Percent
from ambito.core.audit import log_access
from ambito.core.permissions import require

from ..selectors import questionnaires as selectors
from ..services import questionnaires as services
from ..services.common import NOT_ALLOWED

router = Router(tags=["Rete del Terzo settore"])

VIEW = "network.view_questionnaire"
MANAGE = "network.manage_network"


class QuestionnaireQuestionIn(Schema):
    text: str
    kind: str = Field(..., description="single, multiple, scale, number, text")
    options: list[str] = Field([], description="Per single e multiple: almeno due")
    required: bool = True


class QuestionnaireQuestionOut(QuestionnaireQuestionIn):
    position: int


class QuestionnaireIn(Schema):
    title: str
    introduction: str = ""
    questions: list[QuestionnaireQuestionIn]


class QuestionnaireRoundOut(Schema):
    uuid: UUID
    name: str
    opens_on: date
    closes_on: date
    sent_at: datetime | None
    recipients: int
    responses: int


class QuestionnaireOut(Schema):
    uuid: UUID
    title: str
    introduction: str
    created_at: datetime


class QuestionnaireDetailOut(QuestionnaireOut):
    questions: list[QuestionnaireQuestionOut]
    rounds: list[QuestionnaireRoundOut]


class QuestionnaireRoundIn(Schema):
    name: str
    opens_on: date
    closes_on: date


class QuestionnaireResponseIn(Schema):
    answers: dict[str, Any] = Field(
        ...,
        description="Per ogni domanda, per posizione («1», «2»...): l'opzione scelta "
        "(single), la lista delle opzioni (multiple), un intero da 1 a 5 (scale), un numero, "
        "un testo.",
    )


class QuestionnaireResponseOut(Schema):
    uuid: UUID
    round: UUID
    submitted_at: datetime


class QuestionnaireOptionOut(Schema):
    option: str
    count: int
    share: Percent | None = Field(None, description="% degli enti che hanno risposto")


class QuestionnaireTextOut(Schema):
    text: str
    organisation: str = Field("", description="Solo per l'ufficio di piano")


class QuestionnaireQuestionResultOut(Schema):
    position: int
    text: str
    kind: str
    answered: int
    options: list[QuestionnaireOptionOut]
    mean: Decimal | None
    median: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    texts: list[QuestionnaireTextOut]


class RoundResultsOut(Schema):
    round: QuestionnaireRoundOut
    recipients: int
    answered: int
    response_rate: Percent | None
    questions: list[QuestionnaireQuestionResultOut]


def _round_out(round_) -> dict:
    return {
        "uuid": round_.uuid,
        "name": round_.name,
        "opens_on": round_.opens_on,
        "closes_on": round_.closes_on,
        "sent_at": round_.sent_at,
        "recipients": getattr(round_, "recipient_count", None) or round_.recipients.count(),
        "responses": getattr(round_, "response_count", None) or round_.responses.count(),
    }


def _questionnaire(request, uuid):
    questionnaire = selectors.questionnaire_for(user=request.user, uuid=uuid)
    if questionnaire is None:
        raise Http404
    return questionnaire


def _round(request, uuid):
    round_ = selectors.round_for(user=request.user, uuid=uuid)
    if round_ is None:
        raise Http404
    return round_


def _detail(request, questionnaire) -> dict:
    return {
        "uuid": questionnaire.uuid,
        "title": questionnaire.title,
        "introduction": questionnaire.introduction,
        "created_at": questionnaire.created_at,
        "questions": [
            {
                "position": q.position,
                "text": q.text,
                "kind": q.kind,
                "options": q.options,
                "required": q.required,
            }
            for q in questionnaire.questions.order_by("position")
        ],
        "rounds": [
            _round_out(r)
            for r in selectors.rounds_for(user=request.user, questionnaire=questionnaire)
        ],
    }


@router.get(
    "/questionnaires",
    response={200: list[QuestionnaireOut], **READ_ERRORS},
    summary="Questionari",
)
@paginate(AmbitoPagination)
def list_questionnaires(request):
    require(request.user, VIEW)
    return selectors.questionnaires_for(user=request.user)


@router.get(
    "/questionnaires/{uuid}",
    response={200: QuestionnaireDetailOut, **READ_ERRORS},
    summary="Un questionario con domande e rilevazioni",
)
def get_questionnaire(request, uuid: UUID):
    require(request.user, VIEW)
    return _detail(request, _questionnaire(request, uuid))


@router.post(
    "/questionnaires",
    response={201: QuestionnaireDetailOut, **WRITE_ERRORS},
    summary="Crea un questionario",
)
def create_questionnaire(request, payload: QuestionnaireIn):
    require(request.user, MANAGE, message=NOT_ALLOWED)
    created = services.questionnaire_create(
        actor=request.user,
        title=payload.title,
        introduction=payload.introduction,
        questions=[q.dict() for q in payload.questions],
    )
    return Status(201, _detail(request, created))


@router.post(
    "/questionnaires/{uuid}/rounds",
    response={201: QuestionnaireRoundOut, **WRITE_ERRORS},
    summary="Invia una rilevazione agli enti aderenti",
)
def send_round(request, uuid: UUID, payload: QuestionnaireRoundIn):
    require(request.user, VIEW)
    questionnaire = _questionnaire(request, uuid)
    require(request.user, MANAGE, message=NOT_ALLOWED)
    sent = services.round_send(actor=request.user, questionnaire=questionnaire, **payload.dict())
    return Status(201, _round_out(sent))


@router.post(
    "/rounds/{uuid}/responses",
    response={201: QuestionnaireResponseOut, **WRITE_ERRORS},
    summary="La risposta dell'ente alla rilevazione",
)
def submit_response(request, uuid: UUID, payload: QuestionnaireResponseIn):
    require(request.user, VIEW)
    round_ = _round(request, uuid)
    response = services.response_submit(actor=request.user, round=round_, answers=payload.answers)
    return Status(
        201,
        {"uuid": response.uuid, "round": round_.uuid, "submitted_at": response.submitted_at},
    )


@router.get(
    "/rounds/{uuid}/results",
    response={200: RoundResultsOut, **READ_ERRORS},
    summary="I risultati di una rilevazione",
)
def get_round_results(request, uuid: UUID):
    require(request.user, VIEW)
    round_ = _round(request, uuid)
    results = selectors.round_results(round_=round_, viewer=request.user)
    log_access(user=request.user, obj=round_, detail={"risultati": True})
    return {
        "round": _round_out(round_),
        "recipients": results.recipients,
        "answered": results.answered,
        "response_rate": results.rate,
        "questions": [
            {
                "position": q.position,
                "text": q.text,
                "kind": q.kind,
                "answered": q.answered,
                "options": [
                    {"option": o.option, "count": o.count, "share": o.share} for o in q.options
                ],
                "mean": q.mean,
                "median": q.median,
                "minimum": q.minimum,
                "maximum": q.maximum,
                "texts": [{"text": t.text, "organisation": t.organisation} for t in q.texts],
            }
            for q in results.questions
        ],
    }
