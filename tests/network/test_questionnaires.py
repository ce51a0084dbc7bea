"""The needs questionnaire across the network: written by the plan office, sent in rounds to
the organisations adhering to the pact on the day, answered once per round by each while it
is open, validated per kind of question, results aggregated with exact figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network.models import (
    Adhesion,
    Answer,
    Questionnaire,
    QuestionnaireResponse,
    RoundRecipient,
)
from ambito.network.selectors import questionnaires as selectors
from ambito.network.services import questionnaires as services
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "text": "Quali bisogni vedete crescere?",
        "kind": "multiple",
        "options": ["Casa", "Lavoro", "Solitudine"],
    },
    {"text": "L'ente ha una sede aperta al pubblico?", "kind": "single", "options": ["Sì", "No"]},
    {"text": "Quanto è facile collaborare con i servizi?", "kind": "scale"},
    {"text": "Quanti volontari attivi avete?", "kind": "number"},
    {"text": "Che cosa vi serve?", "kind": "text", "required": False},
]


def adhere(pact, organisation, signed_on=dt.date(2026, 2, 1), **fields):
    return Adhesion.objects.create(
        zone_id=pact.zone_id,
        pact=pact,
        organisation=organisation,
        signed_on=signed_on,
        signatory="Legale rappresentante",
        recorded_by=_anyone(pact),
        **fields,
    )


def _anyone(pact):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(zone_id=pact.zone_id).first()


@pytest.fixture
def questionnaire(planner):
    return services.questionnaire_create(
        actor=planner,
        title="Rilevazione dei bisogni del territorio",
        introduction="Per il Piano di zona",
        questions=QUESTIONS,
    )


@pytest.fixture
def adherents(pact, body_a, body_b):
    return [adhere(pact, body_a), adhere(pact, body_b)]


@pytest.fixture
def sent_round(planner, questionnaire, adherents):
    with freeze_time("2026-03-01 10:00"):
        return services.round_send(
            actor=planner,
            questionnaire=questionnaire,
            name="Rilevazione 2026",
            opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 3, 31),
        )


GOOD = {1: ["Casa", "Solitudine"], 2: "Sì", 3: 4, 4: "12", 5: "Spazi per incontrarsi"}


def answer(actor, round_, answers=None, day="2026-03-10 10:00"):
    with freeze_time(day):
        return services.response_submit(actor=actor, round=round_, answers=answers or GOOD)


# --- writing the questionnaire ---------------------------------------------------------------


def test_the_plan_office_writes_a_questionnaire_with_its_questions_in_order(questionnaire):
    questions = list(questionnaire.questions.order_by("position"))
    assert [(q.position, q.kind) for q in questions] == [
        (1, "multiple"),
        (2, "single"),
        (3, "scale"),
        (4, "number"),
        (5, "text"),
    ]
    assert questions[0].options == ["Casa", "Lavoro", "Solitudine"]
    assert questions[2].options == []
    assert questions[4].required is False
    assert EventLog.objects.filter(object_uuid=questionnaire.uuid, action="create").exists()


def test_every_error_of_the_questions_at_once_and_nothing_written(planner):
    with pytest.raises(ValidationError) as error:
        services.questionnaire_create(
            actor=planner,
            title=" ",
            questions=[
                {"text": "Una sola opzione", "kind": "single", "options": ["Sì"]},
                {"text": "", "kind": "text"},
                {"text": "Tipo sconosciuto", "kind": "colore"},
                {"text": "Doppie", "kind": "multiple", "options": ["A", "A"]},
            ],
        )
    messages = error.value.message_dict
    assert messages["title"] == ["Indica il titolo del questionario."]
    assert messages["questions"] == [
        "Domanda 1: indica almeno due opzioni tra cui scegliere.",
        "Domanda 2: scrivi il testo della domanda.",
        "Domanda 3: scegli il tipo di risposta.",
        "Domanda 4: le opzioni devono essere tutte diverse.",
    ]
    assert not Questionnaire.objects.exists()


def test_an_operator_does_not_write_questionnaires(operator_a):
    with pytest.raises(NotAllowed):
        services.questionnaire_create(actor=operator_a, title="X", questions=QUESTIONS)


def test_a_questionnaire_changes_only_until_a_round_is_sent(planner, questionnaire, adherents):
    services.questionnaire_update(
        actor=planner,
        questionnaire=questionnaire,
        title="Bisogni 2026",
        questions=QUESTIONS[:2],
    )
    assert questionnaire.questions.count() == 2
    with freeze_time("2026-03-01 10:00"):
        services.round_send(
            actor=planner,
            questionnaire=questionnaire,
            name="Prima",
            opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 3, 31),
        )
    with pytest.raises(ValidationError) as error:
        services.questionnaire_update(actor=planner, questionnaire=questionnaire, title="Altro")
    assert "già stato inviato" in error.value.messages[0]
    questionnaire.refresh_from_db()
    assert questionnaire.title == "Bisogni 2026"


# --- sending a round -------------------------------------------------------------------------


def test_a_round_goes_to_the_adherents_of_the_day_only(
    planner, pact, questionnaire, body_a, body_b, zone_a
):
    withdrawn = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente receduto")
    promoter = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente promotore")
    later = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente che aderirà")
    adhere(pact, body_a)
    adhere(pact, body_b, withdrawn_on=dt.date(2026, 6, 1))  # still adhering on 1 March
    adhere(pact, withdrawn, withdrawn_on=dt.date(2026, 2, 20))
    adhere(pact, promoter, role="promoter")
    adhere(pact, later, signed_on=dt.date(2026, 4, 1))
    with freeze_time("2026-03-01 10:00"):
        round_ = services.round_send(
            actor=planner,
            questionnaire=questionnaire,
            name="Rilevazione 2026",
            opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 3, 31),
        )
    assert set(round_.recipients.values_list("organisation_id", flat=True)) == {
        body_a.pk,
        body_b.pk,
    }
    assert round_.sent_by == planner and round_.sent_at is not None


def test_a_round_with_no_adherents_is_refused(planner, questionnaire):
    with freeze_time("2026-03-01 10:00"), pytest.raises(ValidationError) as error:
        services.round_send(
            actor=planner,
            questionnaire=questionnaire,
            name="Rilevazione",
            opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 2, 1),
        )
    messages = error.value.message_dict
    assert "Nessun ente aderisce" in messages["__all__"][0]
    assert messages["closes_on"] == ["La rilevazione non può chiudersi prima di aprirsi."]
    assert not questionnaire.rounds.exists()


# --- answering ----------------------------------------------------------------------------


def test_an_operator_answers_once_for_their_organisation(operator_a, sent_round, body_a):
    response = answer(operator_a, sent_round)
    assert response.organisation == body_a
    values = {a.question.position: a.value for a in response.answers.all()}
    assert values == {1: ["Casa", "Solitudine"], 2: "Sì", 3: 4, 4: 12, 5: "Spazi per incontrarsi"}
    assert EventLog.objects.filter(object_uuid=response.uuid, fields=["answers"]).exists()


def test_a_second_answer_is_refused_and_nothing_changes(operator_a, sent_round):
    answer(operator_a, sent_round)
    colleague = UserFactory(
        zone=operator_a.zone, organisation=operator_a.organisation, roles=["third_sector"]
    )
    with pytest.raises(ValidationError) as error:
        answer(colleague, sent_round, {1: ["Lavoro"], 2: "No", 3: 1, 4: 3})
    assert error.value.messages == [
        "La vostra organizzazione ha già risposto a questa rilevazione."
    ]
    assert QuestionnaireResponse.objects.count() == 1
    assert Answer.objects.filter(value="No").count() == 0
    assert Answer.objects.count() == 5


def test_a_concurrent_second_answer_is_stopped_by_the_unique_constraint(
    operator_a, operator_b, sent_round, body_a, monkeypatch
):
    """The race: both requests passed the check before either wrote. The database's unique
    constraint refuses the second; the savepoint turns it into the Italian message, nothing
    of the second is written and the transaction stays usable."""
    from django.db.models.query import QuerySet

    answer(operator_a, sent_round)
    exists = QuerySet.exists

    def blind_to_responses(self):
        if self.model is QuestionnaireResponse:
            return False  # the concurrent answer is not committed yet when checked
        return exists(self)

    monkeypatch.setattr(QuerySet, "exists", blind_to_responses)
    colleague = UserFactory(zone=operator_a.zone, organisation=body_a, roles=["third_sector"])
    with pytest.raises(ValidationError) as error:
        answer(colleague, sent_round, {1: ["Lavoro"], 2: "No", 3: 1, 4: 3})
    assert error.value.messages == [services.ALREADY_ANSWERED]
    monkeypatch.undo()
    assert QuestionnaireResponse.objects.count() == 1
    assert Answer.objects.count() == 5
    assert answer(operator_b, sent_round).organisation == operator_b.organisation


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({**GOOD, 1: ["Casa", "Mare"]}, "q1", "una delle scelte non è tra le opzioni proposte"),
        ({**GOOD, 2: "Forse"}, "q2", "scegli una delle opzioni proposte"),
        ({**GOOD, 3: 6}, "q3", "indica un valore da 1 a 5"),
        ({**GOOD, 3: "0"}, "q3", "indica un valore da 1 a 5"),
        ({**GOOD, 4: "dodici"}, "q4", "indica un numero"),
        ({**GOOD, 2: ""}, "q2", "la risposta è obbligatoria"),
        ({k: v for k, v in GOOD.items() if k != 1}, "q1", "la risposta è obbligatoria"),
    ],
)
def test_each_answer_is_validated_against_its_question(
    operator_a, sent_round, answers, field, message
):
    with pytest.raises(ValidationError) as error:
        answer(operator_a, sent_round, answers)
    assert message in error.value.message_dict[field][0]
    assert not QuestionnaireResponse.objects.exists()


def test_every_wrong_answer_at_once_and_an_optional_one_may_be_left_out(operator_a, sent_round):
    with pytest.raises(ValidationError) as error:
        answer(operator_a, sent_round, {1: [], 2: "Forse", 3: 9, 4: "x", 9: "?"})
    assert set(error.value.message_dict) == {"q1", "q2", "q3", "q4", "__all__"}
    response = answer(operator_a, sent_round, {k: v for k, v in GOOD.items() if k != 5})
    assert response.answers.count() == 4


def test_a_closed_or_not_yet_open_round_is_refused(operator_a, sent_round):
    with pytest.raises(ValidationError) as error:
        answer(operator_a, sent_round, day="2026-04-01 09:00")
    assert error.value.messages == [
        "La rilevazione si è chiusa il 31/03/2026: non si accettano più risposte."
    ]
    with pytest.raises(ValidationError) as error:
        answer(operator_a, sent_round, day="2026-02-28 09:00")
    assert "si apre il 01/03/2026" in error.value.messages[0]
    assert not QuestionnaireResponse.objects.exists()


def test_only_recipients_answer(planner, sent_round, zone_a):
    outside = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente non aderente")
    operator = UserFactory(zone=zone_a, organisation=outside, roles=["third_sector"])
    with pytest.raises(NotAllowed) as error:
        answer(operator, sent_round)
    assert error.value.hide
    with pytest.raises(NotAllowed) as error:
        answer(planner, sent_round)
    assert not error.value.hide
    assert not QuestionnaireResponse.objects.exists()


# --- results -----------------------------------------------------------------------------


@pytest.fixture
def three_answers(pact, sent_round, operator_a, operator_b, zone_a):
    third = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente Gamma (prova)")
    RoundRecipient.objects.create(round=sent_round, organisation=third)
    third_operator = UserFactory(zone=zone_a, organisation=third, roles=["third_sector"])
    answer(operator_a, sent_round)  # Casa+Solitudine, Sì, 4, 12, text
    answer(operator_b, sent_round, {1: ["Casa"], 2: "No", 3: 2, 4: "3,5", 5: "Formazione"})
    answer(third_operator, sent_round, {1: ["Lavoro", "Casa"], 2: "Sì", 3: 5, 4: 0})
    fourth = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente Delta (prova)")
    RoundRecipient.objects.create(round=sent_round, organisation=fourth)  # did not answer
    return sent_round


def test_the_results_are_aggregated_per_question_with_exact_figures(planner, three_answers):
    results = selectors.round_results(round_=three_answers, viewer=planner)
    assert (results.recipients, results.answered, results.rate) == (4, 3, Decimal("75.0"))
    needs, office, scale, volunteers, texts = results.questions
    assert [(o.option, o.count, o.share) for o in needs.options] == [
        ("Casa", 3, Decimal("100.0")),
        ("Lavoro", 1, Decimal("33.3")),
        ("Solitudine", 1, Decimal("33.3")),
    ]
    assert [(o.option, o.count, o.share) for o in office.options] == [
        ("Sì", 2, Decimal("66.7")),
        ("No", 1, Decimal("33.3")),
    ]
    assert [o.count for o in scale.options] == [0, 1, 0, 1, 1]
    assert (scale.mean, scale.median) == (Decimal("3.67"), Decimal("4.00"))
    assert (volunteers.mean, volunteers.median) == (Decimal("5.17"), Decimal("3.50"))
    assert (volunteers.minimum, volunteers.maximum) == (Decimal("0.00"), Decimal("12.00"))
    assert texts.answered == 2
    assert [(t.text, t.organisation) for t in texts.texts] == [
        ("Formazione", "Cooperativa Beta (prova)"),
        ("Spazi per incontrarsi", "Associazione Alfa (prova)"),
    ]


def test_text_answers_do_not_say_who_wrote_them_except_to_the_plan_office(
    operator_a, three_answers
):
    results = selectors.round_results(round_=three_answers, viewer=operator_a)
    assert [(t.text, t.organisation) for t in results.questions[4].texts] == [
        ("Formazione", ""),
        ("Spazi per incontrarsi", ""),
    ]
