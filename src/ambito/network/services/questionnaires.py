"""The needs questionnaire across the network (seed 002 §5): the plan office writes it and
sends it in rounds to the organisations adhering to the pact on the day; each recipient
answers once per round while it is open.

Answers are given per question by its position (1, 2, ...) in the questionnaire: the pages and
the API name questions by position, never by an internal id.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require, require_same_zone

from ..choices import AdhesionRole, QuestionKind
from ..models import (
    Adhesion,
    Answer,
    Question,
    Questionnaire,
    QuestionnaireResponse,
    QuestionnaireRound,
    RoundRecipient,
)
from .common import NOT_ALLOWED, require_manager

ALREADY_ANSWERED = "La vostra organizzazione ha già risposto a questa rilevazione."
SCALE = (1, 2, 3, 4, 5)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
MAX_QUESTIONS = 100
MAX_OPTIONS = 30
MAX_TEXT = 5000
MAX_NUMBER = Decimal("1e12")


def _questions(questions) -> tuple[list[Question], list[str]]:
    """The Question rows (unsaved, positions 1..n) of `questions` and every error at once."""
    errors: list[str] = []
    rows: list[Question] = []
    questions = list(questions or [])
    if not questions:
        return [], ["Aggiungi almeno una domanda."]
    if len(questions) > MAX_QUESTIONS:
        return [], [f"Un questionario ha al più {MAX_QUESTIONS} domande."]
    for position, item in enumerate(questions, start=1):
        item = item or {}
        text = str(item.get("text") or "").strip()
        kind = item.get("kind") or ""
        required = item.get("required", True)
        raw_options = item.get("options") or []
        if isinstance(raw_options, str):
            raw_options = raw_options.splitlines()
        options = [str(o).strip() for o in raw_options if str(o).strip()]
        label = f"Domanda {position}"
        if not text:
            errors.append(f"{label}: scrivi il testo della domanda.")
        elif len(text) > 500:
            errors.append(f"{label}: il testo è troppo lungo (al più 500 caratteri).")
        if kind not in QuestionKind.values:
            errors.append(f"{label}: scegli il tipo di risposta.")
        elif kind in CHOICE_KINDS:
            if len(options) < 2:
                errors.append(f"{label}: indica almeno due opzioni tra cui scegliere.")
            elif len(set(options)) != len(options):
                errors.append(f"{label}: le opzioni devono essere tutte diverse.")
            elif len(options) > MAX_OPTIONS:
                errors.append(f"{label}: al più {MAX_OPTIONS} opzioni.")
            elif any(len(o) > 200 for o in options):
                errors.append(f"{label}: ogni opzione ha al più 200 caratteri.")
        else:
            options = []  # a scale is always 1..5; numbers and texts have no options
        rows.append(
            Question(
                position=position,
                text=text[:500],
                kind=kind,
                options=options,
                required=bool(required),
            )
        )
    return rows, errors


@transaction.atomic
def questionnaire_create(
    *, actor, title: str, introduction: str = "", questions: list[dict]
) -> Questionnaire:
    """`questions`: dicts of text, kind (single, multiple, scale, number, text), options
    (single and multiple: at least two) and required."""
    require_manager(actor, actor.zone_id)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = ["Indica il titolo del questionario."]
    rows, question_errors = _questions(questions)
    if question_errors:
        errors["questions"] = question_errors
    if errors:
        raise ValidationError(errors)
    questionnaire = Questionnaire(
        zone_id=actor.zone_id,
        title=title[:300],
        introduction=(introduction or "").strip(),
        created_by=actor,
    )
    questionnaire.full_clean()
    questionnaire.save()
    for row in rows:
        row.questionnaire = questionnaire
    Question.objects.bulk_create(rows)
    log_event(user=actor, obj=questionnaire, action=EventAction.CREATE, fields=["*"])
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    actor,
    questionnaire: Questionnaire,
    title: str | None = None,
    introduction: str | None = None,
    questions: list[dict] | None = None,
) -> Questionnaire:
    """Change a questionnaire not sent yet (`questions`, when given, replace them all)."""
    require_manager(actor, questionnaire.zone_id)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.rounds.exists():
        raise ValidationError(
            {
                "__all__": "Il questionario è già stato inviato: non si modifica più. Creane "
                "uno nuovo."
            }
        )
    errors: dict[str, list[str]] = {}
    changed = []
    if title is not None:
        title = title.strip()
        if not title:
            errors["title"] = ["Indica il titolo del questionario."]
        elif title != questionnaire.title:
            questionnaire.title = title[:300]
            changed.append("title")
    if introduction is not None and introduction.strip() != questionnaire.introduction:
        questionnaire.introduction = introduction.strip()
        changed.append("introduction")
    rows: list[Question] = []
    if questions is not None:
        rows, question_errors = _questions(questions)
        if question_errors:
            errors["questions"] = question_errors
    if errors:
        raise ValidationError(errors)
    if changed:
        questionnaire.save(update_fields=changed)
    if questions is not None:
        questionnaire.questions.all().delete()
        for row in rows:
            row.questionnaire = questionnaire
        Question.objects.bulk_create(rows)
        changed.append("questions")
    if changed:
        log_event(user=actor, obj=questionnaire, fields=changed)
    return questionnaire


def adherents_on(zone_id: int, day: dt.date) -> list[int]:
    """The organisations adhering (role adherent) to a pact of the zone on `day`."""
    return sorted(
        set(
            Adhesion.objects.filter(
                zone_id=zone_id,
                pact__zone_id=zone_id,
                pact__kind="pact",
                role=AdhesionRole.ADHERENT,
                signed_on__lte=day,
            )
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day))
            .values_list("organisation_id", flat=True)
        )
    )


@transaction.atomic
def round_send(
    *, actor, questionnaire: Questionnaire, name: str, opens_on: dt.date, closes_on: dt.date
) -> QuestionnaireRound:
    """Send a round to the organisations adhering to the pact today (the recipients)."""
    require_manager(actor, questionnaire.zone_id)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    today = timezone.localdate()
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = "Indica il nome della rilevazione (es. «Rilevazione 2026»)."
    if opens_on is None:
        errors["opens_on"] = "Indica da quando si può rispondere."
    if closes_on is None:
        errors["closes_on"] = "Indica quando si chiude la rilevazione."
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = "La rilevazione non può chiudersi prima di aprirsi."
    elif closes_on < today:
        errors["closes_on"] = "La rilevazione non può chiudersi nel passato."
    if not questionnaire.questions.exists():
        errors["__all__"] = "Il questionario non ha domande."
    recipients = adherents_on(questionnaire.zone_id, today)
    if not recipients:
        errors["__all__"] = (
            "Nessun ente aderisce oggi al patto: non c'è a chi inviare la rilevazione."
        )
    if errors:
        raise ValidationError(errors)
    round_ = QuestionnaireRound(
        questionnaire=questionnaire,
        name=name[:200],
        opens_on=opens_on,
        closes_on=closes_on,
        sent_at=timezone.now(),
        sent_by=actor,
    )
    round_.full_clean()
    round_.save()
    RoundRecipient.objects.bulk_create(
        [RoundRecipient(round=round_, organisation_id=pk) for pk in recipients]
    )
    log_event(
        user=actor,
        obj=round_,
        action=EventAction.CREATE,
        fields=["*", "recipients"],
        zone_id=questionnaire.zone_id,
    )
    return round_


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == ()


def _clean_answer(question: Question, value):
    """The value to store, or raise ValueError with the Italian message."""
    kind = question.kind
    if kind == QuestionKind.SINGLE:
        if not isinstance(value, str) or value not in question.options:
            raise ValueError("scegli una delle opzioni proposte.")
        return value
    if kind == QuestionKind.MULTIPLE:
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
            raise ValueError("scegli una o più delle opzioni proposte.")
        if any(v not in question.options for v in values):
            raise ValueError("una delle scelte non è tra le opzioni proposte.")
        chosen = set(values)
        return [option for option in question.options if option in chosen]
    if kind == QuestionKind.SCALE:
        try:
            number = int(str(value).strip()) if not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number not in SCALE:
            raise ValueError("indica un valore da 1 a 5.")
        return number
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool):
            raise ValueError("indica un numero.")
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            raise ValueError("indica un numero (es. 12 o 3,5).") from None
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            raise ValueError("indica un numero (es. 12 o 3,5).")
        return int(number) if number == number.to_integral_value() else float(number)
    # text
    if not isinstance(value, str):
        raise ValueError("scrivi la risposta.")
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"la risposta è troppo lunga (al più {MAX_TEXT} caratteri).")
    return text


def _answers(questions: list[Question], answers: dict) -> tuple[list[Answer], dict]:
    by_position = {q.position: q for q in questions}
    given: dict[int, object] = {}
    errors: dict[str, list[str]] = {}
    for key, value in (answers or {}).items():
        try:
            position = int(str(key).removeprefix("q"))
        except ValueError:
            position = None
        if position not in by_position:
            errors.setdefault("__all__", []).append(
                f"La domanda {key} non è in questo questionario."
            )
            continue
        given[position] = value
    rows = []
    for question in questions:
        value = given.get(question.position)
        if isinstance(value, str) and question.kind != QuestionKind.TEXT:
            value = value.strip()
        if _empty(value) or (question.kind == QuestionKind.TEXT and not str(value).strip()):
            if question.required:
                errors[f"q{question.position}"] = [
                    f"Domanda {question.position}: la risposta è obbligatoria."
                ]
            continue
        try:
            cleaned = _clean_answer(question, value)
        except ValueError as error:
            errors[f"q{question.position}"] = [f"Domanda {question.position}: {error}"]
            continue
        rows.append(Answer(question=question, value=cleaned))
    return rows, errors


def answerable(round_: QuestionnaireRound, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return round_.opens_on <= today <= round_.closes_on


@transaction.atomic
def response_submit(*, actor, round: QuestionnaireRound, answers: dict) -> QuestionnaireResponse:  # noqa: A002
    """The answer of the actor's organisation to a round sent to it, while it is open; once.
    `answers`: {position (1, "1" or "q1"): value} (single: the option; multiple: the list of
    options; scale: 1..5; number; text)."""
    round_ = round
    zone_id = round_.questionnaire.zone_id
    require_same_zone(actor, zone_id)
    organisation_id = getattr(actor, "organisation_id", None)
    if organisation_id is None:
        raise NotAllowed("Risponde alla rilevazione un ente destinatario, non l'ufficio di piano.")
    if not RoundRecipient.objects.filter(round=round_, organisation_id=organisation_id).exists():
        raise NotAllowed(hide=True)  # a round not sent to the organisation does not exist
    require(actor, "network.add_questionnaireresponse", message=NOT_ALLOWED)
    today = timezone.localdate()
    if today < round_.opens_on:
        raise ValidationError(
            {
                "__all__": f"La rilevazione si apre il {round_.opens_on:%d/%m/%Y}: "
                "rispondi da allora."
            }
        )
    if today > round_.closes_on:
        raise ValidationError(
            {
                "__all__": f"La rilevazione si è chiusa il {round_.closes_on:%d/%m/%Y}: non si "
                "accettano più risposte."
            }
        )
    if QuestionnaireResponse.objects.filter(round=round_, organisation_id=organisation_id).exists():
        raise ValidationError({"__all__": ALREADY_ANSWERED})
    questions = list(round_.questionnaire.questions.order_by("position"))
    rows, errors = _answers(questions, answers)
    if errors:
        raise ValidationError(errors)
    response = QuestionnaireResponse(
        zone_id=zone_id, round=round_, organisation_id=organisation_id, submitted_by=actor
    )
    try:
        with transaction.atomic():  # a savepoint: a concurrent answer of the same organisation
            response.save()
            for row in rows:
                row.response = response
            Answer.objects.bulk_create(rows)
    except IntegrityError:
        raise ValidationError({"__all__": ALREADY_ANSWERED}) from None
    log_event(
        user=actor,
        obj=response,
        action=EventAction.CREATE,
        fields=["answers"],
        zone_id=zone_id,
    )
    return response
