"""Card A (*scheda di preanalisi*) in the national guidelines' structure: household composition
confirmed, needs by dimension, resources, employment status, the outcome with its reason; in
the case history; the next step it implies is the primary action, and only steps whose guard
allows them are offered."""

import re

import pytest
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import DiaryEntry, PreAssessment
from ambito.core.models import AccessLog, EventLog

pytestmark = pytest.mark.django_db

CARD = {
    "cpi_consultant": "Dott.ssa Neri",
    "household_confirmed": "on",
    "household_situation": "Madre sola con due figli.",
    "needs_housing": "Sfratto in corso.",
    "needs_work": "Disoccupata da due anni.",
    "resources": "Rete di vicinato.",
    "employment_status": "unemployed",
    "employment_notes": "Iscritta al CPI.",
    "outcome": "complex",
    "outcome_reason": "Bisogni abitativi e lavorativi insieme, figli piccoli.",
}


@pytest.fixture
def in_pre_assessment(assigned_case, social_worker_a):
    return services.case_transition(
        actor=social_worker_a, case=assigned_case, name="start_pre_assessment"
    )


def _buttons(html: str) -> dict[str, str]:
    """The pathway's transition buttons on the case page: label -> class (closing, always
    there and always secondary, left out)."""
    section = html.split('id="stato-sezione"', 1)[1].split("</section>", 1)[0]
    buttons = {
        label.strip(): cls
        for cls, label in re.findall(
            r'<button class="btn (btn-[a-z-]+)[^"]*" type="submit">([^<]+)</button>', section
        )
    }
    assert buttons.pop("Chiudi la cartella") == "btn-outline-danger"
    return buttons


def test_the_card_follows_the_guidelines_and_lands_in_the_history(
    client, in_pre_assessment, social_worker_a, person_a
):
    url = f"/cartelle/{in_pre_assessment.uuid}/"
    client.force_login(social_worker_a)
    AccessLog.objects.all().delete()
    page = client.get(f"{url}scheda-a/").content.decode()
    for legend in (
        "Composizione del nucleo",
        "Bisogni per dimensione",
        "Risorse",
        "Situazione lavorativa",
        "Esito",
    ):
        assert f">{legend}" in page, legend
    assert person_a.last_name in page.split("Composizione del nucleo", 1)[1]
    assert AccessLog.objects.filter(user=social_worker_a, person=person_a).exists()
    response = client.post(f"{url}scheda-a/", {**CARD, "held_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    card = PreAssessment.objects.get()
    assert card.household_confirmed and card.employment_status == "unemployed"
    assert card.needs_by_dimension == {
        "housing": "Sfratto in corso.",
        "work": "Disoccupata da due anni.",
    }
    assert card.outcome_reason.startswith("Bisogni abitativi")
    html = client.get(url).content.decode()
    shown = html.split('data-testid="card-a"', 1)[1].split("</dl>", 1)[0]
    for text in (
        "confermata",
        "Casa e abitare",
        "Sfratto in corso.",
        "Disoccupat",
        "figli piccoli",
    ):
        assert text in shown, text
    entry = DiaryEntry.objects.get(case=in_pre_assessment)
    assert "Scheda A" in entry.text and "Bisogni complessi" in entry.text
    assert "figli piccoli" in entry.text
    assert EventLog.objects.filter(object_uuid=in_pre_assessment.uuid, action="create").exists()


def test_the_outcome_needs_its_reason_and_at_least_one_need(
    client, in_pre_assessment, social_worker_a
):
    url = f"/cartelle/{in_pre_assessment.uuid}/scheda-a/"
    client.force_login(social_worker_a)
    data = {**CARD, "held_on": timezone.localdate().isoformat(), "outcome_reason": ""}
    for key in ("needs_housing", "needs_work"):
        data.pop(key)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indica il motivo dell" in html and "almeno una dimensione" in html
    assert "Madre sola con due figli." in html  # what was typed stays
    assert not PreAssessment.objects.exists()


def test_before_the_card_no_way_out_is_offered_and_filling_it_is_the_primary_action(
    client, in_pre_assessment, social_worker_a
):
    client.force_login(social_worker_a)
    html = client.get(f"/cartelle/{in_pre_assessment.uuid}/").content.decode()
    assert _buttons(html) == {}
    assert re.search(
        r'class="btn btn-primary[^"]*" href="[^"]+scheda-a/">Compila la scheda A', html
    )


@pytest.mark.parametrize(
    ("outcome", "step"),
    [
        ("complex", "Invia all'équipe multidisciplinare"),
        ("social_only", "Avvia il progetto sociale"),
        ("work_only", "Invia al CPI per il patto di servizio"),
    ],
)
def test_after_the_outcome_its_step_is_the_primary_action_and_the_only_way_out(
    client, in_pre_assessment, social_worker_a, outcome, step
):
    services.pre_assessment_record(
        actor=social_worker_a,
        case=in_pre_assessment,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs_housing": "x",
            "outcome": outcome,
            "outcome_reason": "perché sì",
        },
    )
    client.force_login(social_worker_a)
    html = client.get(f"/cartelle/{in_pre_assessment.uuid}/").content.decode()
    assert _buttons(html.replace("&#x27;", "'")) == {step: "btn-primary"}
    assert re.search(
        r'class="btn btn-outline-primary[^"]*" href="[^"]+">Modifica la scheda A', html
    )


def test_signing_is_offered_only_once_the_project_is_signed(
    client, in_pre_assessment, social_worker_a
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.pre_assessment_record(
        actor=social_worker_a,
        case=in_pre_assessment,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "x",
            "outcome": "social_only",
        },
    )
    case = services.case_transition(
        actor=social_worker_a, case=in_pre_assessment, name="to_social_project"
    )
    client.force_login(social_worker_a)
    url = f"/cartelle/{case.uuid}/"
    assert "Registra la sottoscrizione del progetto" not in _buttons(
        client.get(url).content.decode()
    )
    project = services.project_new_version(
        actor=social_worker_a,
        case=case,
        summary="",
        objectives=[{"text": "Casa", "indicator": "", "deadline": None}],
        commitments=[],
    )
    services.project_sign(
        actor=social_worker_a,
        project=project,
        signed_on=timezone.localdate(),
        scan=SimpleUploadedFile(
            "s.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
        ),
    )
    assert _buttons(client.get(url).content.decode()) == {
        "Registra la sottoscrizione del progetto": "btn-primary"
    }
