# ruff: noqa: F811 (the fixtures imported from test_questionnaires are used as arguments)
"""The questionnaire's pages: a new questionnaire, sending a round, the operator's answer
form (once; a round not sent to the organisation is a 404), the results with a chart and a
data table per question, the CSV and Excel exports with numbers as numbers."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from freezegun import freeze_time
from openpyxl import load_workbook

from ambito.core.models import AccessLog
from ambito.network.models import Questionnaire, QuestionnaireResponse
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.network.test_questionnaires import (  # noqa: F401 (fixtures)
    adherents,
    answer,
    questionnaire,
    sent_round,
    three_answers,
)

pytestmark = pytest.mark.django_db


def test_the_plan_office_writes_a_questionnaire_on_the_page(client, planner):
    login(client, planner)
    url = reverse("network:questionnaire_add")
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "title": "Bisogni 2026",
        "introduction": "",
        "domanda-TOTAL_FORMS": "3",
        "domanda-INITIAL_FORMS": "0",
        "domanda-0-text": "Quali bisogni?",
        "domanda-0-kind": "multiple",
        "domanda-0-options": "Casa\r\nLavoro",
        "domanda-0-required": "on",
        "domanda-1-text": "Quanto siete soddisfatti?",
        "domanda-1-kind": "single",
        "domanda-1-options": "Molto",
        "domanda-2-text": "",
    }
    bad = client.post(url, form)
    assert bad.status_code == 422
    assert "Domanda 2: indica almeno due opzioni tra cui scegliere." in bad.content.decode()
    assert not Questionnaire.objects.exists()
    form["domanda-1-kind"] = "scale"
    good = client.post(url, form)
    created = Questionnaire.objects.get()
    assert good.status_code == 302
    assert [q.kind for q in created.questions.order_by("position")] == ["multiple", "scale"]
    assert created.questions.get(position=2).required is False


def test_the_plan_office_sends_a_round_from_the_questionnaire_page(
    client, planner, questionnaire, adherents
):
    login(client, planner)
    url = reverse("network:questionnaire", args=[questionnaire.uuid])
    with freeze_time("2026-03-01 10:00"):
        response = client.post(
            url, {"name": "Rilevazione 2026", "opens_on": "2026-03-01", "closes_on": "2026-03-31"}
        )
    assert response.status_code == 302
    round_ = questionnaire.rounds.get()
    assert response["Location"] == reverse("network:round", args=[round_.uuid])
    assert round_.recipients.count() == 2


def test_an_operator_answers_on_the_page_once(client, operator_a, sent_round):
    login(client, operator_a)
    url = reverse("network:round_answer", args=[sent_round.uuid])
    with freeze_time("2026-03-10 10:00"):
        assert client.get(url).status_code == 200
        bad = client.post(url, {"q1": ["Casa"], "q2": "Sì", "q3": "4", "q4": "tanti"})
        assert bad.status_code == 422
        assert "Domanda 4: indica un numero" in bad.content.decode()
        good = client.post(url, {"q1": ["Casa"], "q2": "Sì", "q3": "4", "q4": "7"})
        assert good.status_code == 302
        again = client.post(url, {"q1": ["Lavoro"], "q2": "No", "q3": "1", "q4": "1"})
        assert again.status_code == 422
        assert (
            "La vostra organizzazione ha già risposto a questa rilevazione."
            in again.content.decode()
        )
    assert QuestionnaireResponse.objects.count() == 1


def test_a_round_not_sent_to_the_organisation_is_a_404(client, sent_round, zone_a):
    outside = OrganisationFactory(zone=zone_a, kind="third_sector", name="Ente non aderente")
    operator = UserFactory(zone=zone_a, organisation=outside, roles=["third_sector"])
    login(client, operator)
    for name in ("network:round", "network:round_answer"):
        assert client.get(reverse(name, args=[sent_round.uuid])).status_code == 404
    assert (
        client.get(reverse("network:round_export", args=[sent_round.uuid, "csv"])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("network:questionnaire", args=[sent_round.questionnaire.uuid])
        ).status_code
        == 404
    )


def test_the_results_page_has_a_chart_and_a_table_per_question(client, planner, three_answers):
    login(client, planner)
    page = client.get(reverse("network:round", args=[three_answers.uuid]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hanno risposto <strong>3</strong> enti su 4 destinatari (75,0%)" in text
    assert 'data-chart="grafico-1"' in text and 'id="grafico-1"' in text
    assert "chart.umd.min.js" in text
    assert "66,7%" in text  # "Sì" in the table beside the chart
    assert "media 3,67" in text
    assert "Cooperativa Beta (prova)" in text  # who wrote a text: the plan office sees it
    assert AccessLog.objects.filter(object_uuid=three_answers.uuid, user=planner).exists()


def test_an_operator_sees_the_results_without_who_wrote_the_texts(
    client, operator_a, three_answers
):
    login(client, operator_a)
    text = client.get(reverse("network:round", args=[three_answers.uuid])).content.decode()
    assert "Formazione" in text
    assert "Cooperativa Beta (prova)" not in text


def test_the_csv_export_has_the_figures(client, planner, three_answers):
    login(client, planner)
    response = client.get(reverse("network:round_export", args=[three_answers.uuid, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "N.;Domanda;Tipo;Voce;Valore;%"
    assert lines[2] == ";Rilevazione;;Risposte;3;75,0"
    assert "1;Quali bisogni vedete crescere?;Più scelte;Casa;3;100,0" in lines
    assert "3;Quanto è facile collaborare con i servizi?;Scala da 1 a 5;Media;3,67;" in lines
    assert AccessLog.objects.filter(
        object_uuid=three_answers.uuid, action="export", detail__formato="csv"
    ).exists()


def test_the_excel_export_keeps_numbers_as_numbers(client, planner, three_answers):
    login(client, planner)
    response = client.get(reverse("network:round_export", args=[three_answers.uuid, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["N.", "Domanda", "Tipo", "Voce", "Valore", "%"]
    casa = next(r for r in rows if r[0] == 1 and r[3] == "Casa")
    assert casa[4] == 3 and isinstance(casa[4], int)
    assert casa[5] == pytest.approx(1.0)  # 100% as a fraction with a percent format
    mean = next(r for r in rows if r[0] == 4 and r[3] == "Media")
    assert float(mean[4]) == pytest.approx(5.17)
    assert (
        client.get(reverse("network:round_export", args=[three_answers.uuid, "pdf"])).status_code
        == 404
    )


def test_a_closed_round_shows_no_answer_button(client, operator_a, sent_round):
    login(client, operator_a)
    with freeze_time(dt.datetime(2026, 4, 2, 10, 0)):
        page = client.get(reverse("network:round", args=[sent_round.uuid]))
        assert "Rispondi per la tua organizzazione" not in page.content.decode()
        form = client.get(reverse("network:round_answer", args=[sent_round.uuid]))
        assert b'data-testid="round-closed"' in form.content
