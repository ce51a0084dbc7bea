# ruff: noqa: F811 (the fixtures imported from test_questionnaires are used as arguments)
"""The questionnaire's API: create, send a round, an organisation's answer (once, 422 in
Italian), the results; a round not sent to the organisation is a 404."""

import pytest
from freezegun import freeze_time

from ambito.network.models import QuestionnaireResponse
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.network.test_questionnaires import (  # noqa: F401 (fixtures)
    QUESTIONS,
    adherents,
    questionnaire,
    sent_round,
    three_answers,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/rete"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_the_plan_office_creates_a_questionnaire_and_sends_a_round(client, planner, adherents):
    login(client, planner)
    bad = post(
        client,
        f"{API}/questionnaires",
        {"title": "X", "questions": [{"text": "Scegli", "kind": "single", "options": ["A"]}]},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]["questions"] == [
        "Domanda 1: indica almeno due opzioni tra cui scegliere."
    ]
    created = post(
        client,
        f"{API}/questionnaires",
        {"title": "Bisogni 2026", "introduction": "", "questions": QUESTIONS},
    )
    assert created.status_code == 201
    body = created.json()
    assert [q["kind"] for q in body["questions"]] == [
        "multiple",
        "single",
        "scale",
        "number",
        "text",
    ]
    with freeze_time("2026-03-01 10:00"):
        sent = post(
            client,
            f"{API}/questionnaires/{body['uuid']}/rounds",
            {"name": "Rilevazione 2026", "opens_on": "2026-03-01", "closes_on": "2026-03-31"},
        )
    assert sent.status_code == 201
    assert sent.json()["recipients"] == 2
    listed = client.get(f"{API}/questionnaires").json()
    assert listed["count"] == 1
    detail = client.get(f"{API}/questionnaires/{body['uuid']}").json()
    assert [r["name"] for r in detail["rounds"]] == ["Rilevazione 2026"]


def test_an_operator_answers_once_through_the_api(client, operator_a, sent_round):
    login(client, operator_a)
    url = f"{API}/rounds/{sent_round.uuid}/responses"
    with freeze_time("2026-03-10 10:00"):
        bad = post(client, url, {"answers": {"1": ["Mare"], "2": "Sì", "3": 7, "4": 2}})
        assert bad.status_code == 422
        errors = bad.json()["errors"]
        assert set(errors) == {"q1", "q3"}
        good = post(client, url, {"answers": {"1": ["Casa"], "2": "Sì", "3": 3, "4": 2.5}})
        assert good.status_code == 201
        again = post(client, url, {"answers": {"1": ["Casa"], "2": "No", "3": 3, "4": 2}})
        assert again.status_code == 422
        assert again.json()["errors"]["__all__"] == [
            "La vostra organizzazione ha già risposto a questa rilevazione."
        ]
    assert QuestionnaireResponse.objects.count() == 1


def test_a_round_not_sent_to_the_organisation_is_a_404(client, sent_round, zone_a):
    outside = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente non aderente")
    login(client, UserFactory(zone=zone_a, organisation=outside, roles=["third_sector"]))
    with freeze_time("2026-03-10 10:00"):
        answer = post(
            client, f"{API}/rounds/{sent_round.uuid}/responses", {"answers": {"1": ["Casa"]}}
        )
    assert answer.status_code == 404
    assert client.get(f"{API}/rounds/{sent_round.uuid}/results").status_code == 404
    assert client.get(f"{API}/questionnaires/{sent_round.questionnaire.uuid}").status_code == 404
    assert client.get(f"{API}/questionnaires").json()["count"] == 0


def test_the_results_through_the_api(client, planner, operator_a, three_answers):
    login(client, planner)
    results = client.get(f"{API}/rounds/{three_answers.uuid}/results").json()
    assert (results["recipients"], results["answered"], results["response_rate"]) == (
        4,
        3,
        "75.00",
    )
    needs = results["questions"][0]
    assert [(o["option"], o["count"], o["share"]) for o in needs["options"]] == [
        ("Casa", 3, "100.00"),
        ("Lavoro", 1, "33.30"),
        ("Solitudine", 1, "33.30"),
    ]
    texts = results["questions"][4]["texts"]
    assert {t["organisation"] for t in texts} == {
        "Associazione Alfa (prova)",
        "Cooperativa Beta (prova)",
    }
    login(client, operator_a)
    texts = client.get(f"{API}/rounds/{three_answers.uuid}/results").json()["questions"][4]
    assert {t["organisation"] for t in texts["texts"]} == {""}


def test_an_operator_cannot_create_questionnaires(client, operator_a):
    login(client, operator_a)
    response = post(client, f"{API}/questionnaires", {"title": "X", "questions": QUESTIONS})
    assert response.status_code == 403
