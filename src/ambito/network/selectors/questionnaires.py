"""Reads of the questionnaires: those the user may see, the rounds, and the results of a round
aggregated per question (counts and shares per option, mean and median of scales and
numbers, the text answers: who wrote them only for the plan office), with the response rate.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet

from ambito.core.tables import Percent

from ..choices import QuestionKind
from ..models import Answer, Questionnaire, QuestionnaireResponse, QuestionnaireRound
from ..services.common import is_manager
from ..services.questionnaires import SCALE, answerable

KIND_LABELS = dict(QuestionKind.choices)


def questionnaires_for(*, user) -> QuerySet:
    return (
        Questionnaire.objects.visible_to(user)
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("-created_at")
    )


def questionnaire_for(*, user, uuid) -> Questionnaire | None:
    return Questionnaire.objects.visible_to(user).filter(uuid=uuid).first()


def rounds_for(*, user, questionnaire=None) -> QuerySet:
    rows = QuestionnaireRound.objects.visible_to(user).select_related("questionnaire")
    if questionnaire is not None:
        rows = rows.filter(questionnaire=questionnaire)
    return rows.annotate(
        recipient_count=Count("recipients", distinct=True),
        response_count=Count("responses", distinct=True),
    ).order_by("-opens_on", "-pk")


def round_for(*, user, uuid) -> QuestionnaireRound | None:
    return (
        QuestionnaireRound.objects.visible_to(user)
        .select_related("questionnaire")
        .filter(uuid=uuid)
        .first()
    )


def own_response(*, user, round_) -> QuestionnaireResponse | None:
    """The answer of the user's organisation to the round, if any."""
    if getattr(user, "organisation_id", None) is None:
        return None
    return QuestionnaireResponse.objects.filter(
        round=round_, organisation_id=user.organisation_id
    ).first()


def can_answer(*, user, round_) -> bool:
    """The user's organisation is a recipient, has not answered and the round is open."""
    organisation_id = getattr(user, "organisation_id", None)
    return bool(
        organisation_id
        and user.has_perm("network.add_questionnaireresponse")
        and answerable(round_)
        and round_.recipients.filter(organisation_id=organisation_id).exists()
        and own_response(user=user, round_=round_) is None
    )


def _share(count: int, total: int) -> Decimal | None:
    if not total:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _figure(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class OptionRow:
    option: str
    count: int
    share: Decimal | None  # percent of the organisations that answered the question

    @property
    def percent(self) -> Percent:
        return Percent(self.share)


@dataclass
class TextAnswer:
    text: str
    organisation: str = ""  # only for the plan office


@dataclass
class QuestionResult:
    position: int
    text: str
    kind: str
    required: bool
    answered: int
    options: list[OptionRow] = field(default_factory=list)
    mean: Decimal | None = None
    median: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    texts: list[TextAnswer] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def display(self) -> dict[str, str]:
        """Mean, median, minimum and maximum written the Italian way ("3,5"), or "—"."""
        from ambito.territory.selectors import format_number

        return {
            name: "—" if getattr(self, name) is None else format_number(getattr(self, name), 2)
            for name in ("mean", "median", "minimum", "maximum")
        }

    @property
    def has_chart(self) -> bool:
        return bool(self.options)

    def chart(self) -> dict:
        """The chart's data (charts.js): the same numbers as the table beside it."""
        return {
            "type": "bar",
            "labels": [row.option for row in self.options],
            "datasets": [{"label": "Enti", "data": [row.count for row in self.options]}],
            "yTitle": "Enti che hanno scelto",
        }


@dataclass
class RoundResults:
    round: QuestionnaireRound
    recipients: int
    answered: int
    questions: list[QuestionResult]
    with_names: bool

    @property
    def rate(self) -> Decimal | None:
        return _share(self.answered, self.recipients)

    @property
    def rate_percent(self) -> Percent:
        return Percent(self.rate)


def round_results(*, round_: QuestionnaireRound, viewer) -> RoundResults:
    """The round's results per question. Text answers name the organisation only when the
    viewer is the plan office; they are listed in alphabetical order, never in the order they
    came in."""
    with_names = is_manager(viewer)
    questions = list(round_.questionnaire.questions.order_by("position"))
    values: dict[int, list] = {q.pk: [] for q in questions}
    names: dict[int, list[str]] = {q.pk: [] for q in questions}
    for question_id, value, organisation in Answer.objects.filter(
        response__round=round_
    ).values_list("question_id", "value", "response__organisation__name"):
        if question_id in values:
            values[question_id].append(value)
            names[question_id].append(organisation)
    results = []
    for question in questions:
        given = values[question.pk]
        result = QuestionResult(
            position=question.position,
            text=question.text,
            kind=question.kind,
            required=question.required,
            answered=len(given),
        )
        if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = dict.fromkeys(question.options, 0)
            for value in given:
                for chosen in value if isinstance(value, list) else [value]:
                    if chosen in counts:
                        counts[chosen] += 1
            result.options = [
                OptionRow(option, n, _share(n, len(given))) for option, n in counts.items()
            ]
        elif question.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            numbers = [Decimal(str(v)) for v in given if isinstance(v, int | float)]
            if question.kind == QuestionKind.SCALE:
                result.options = [
                    OptionRow(
                        str(point), numbers.count(point), _share(numbers.count(point), len(numbers))
                    )
                    for point in SCALE
                ]
            if numbers:
                result.mean = _figure(sum(numbers) / len(numbers))
                result.median = _figure(statistics.median(numbers))
                result.minimum = _figure(min(numbers))
                result.maximum = _figure(max(numbers))
        else:
            pairs = sorted(zip(given, names[question.pk], strict=True), key=lambda p: str(p[0]))
            result.texts = [
                TextAnswer(str(text), organisation if with_names else "")
                for text, organisation in pairs
            ]
        results.append(result)
    return RoundResults(
        round=round_,
        recipients=round_.recipients.count(),
        answered=round_.responses.count(),
        questions=results,
        with_names=with_names,
    )


EXPORT_HEADER = ["N.", "Domanda", "Tipo", "Voce", "Valore", "%"]


def export_rows(results: RoundResults) -> list[list]:
    """The results as one table: per question its options (count and %), or mean, median,
    minimum and maximum, or the text answers. Numbers stay numbers."""
    rows: list[list] = [
        ["", "Rilevazione", "", "Destinatari", results.recipients, None],
        ["", "Rilevazione", "", "Risposte", results.answered, Percent(results.rate)],
    ]
    for q in results.questions:
        head = [q.position, q.text, q.kind_label]
        rows.append([*head, "Enti che hanno risposto", q.answered, None])
        for option in q.options:
            rows.append([*head, option.option, option.count, Percent(option.share)])
        if q.kind in (QuestionKind.SCALE, QuestionKind.NUMBER):
            for label, value in (
                ("Media", q.mean),
                ("Mediana", q.median),
                ("Minimo", q.minimum),
                ("Massimo", q.maximum),
            ):
                rows.append([*head, label, value, None])
        for answer in q.texts:
            label = f"Risposta di {answer.organisation}" if answer.organisation else "Risposta"
            rows.append([*head, label, answer.text, None])
    return rows
