"""Small defects of the case page: the person's name links to the person, the health-entry
checkbox only for who may write one and a refused form keeps what was typed, the project
PDF keeps its signature block on one page."""

import shutil
import subprocess

import pytest
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import DiaryEntry, Task

pytestmark = pytest.mark.django_db


def test_the_persons_name_in_the_header_links_to_the_person(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    html = client.get(f"/cartelle/{assigned_case.uuid}/").content.decode()
    header = html.split("<h1", 1)[1].split("</p>", 1)[0]
    person = assigned_case.person
    assert (
        f'<a href="/anagrafe/persone/{person.uuid}/">{person.last_name} {person.first_name}</a>'
        in (header)
    )


def test_a_social_worker_is_not_offered_the_health_checkbox_a_specialist_is(
    client, assigned_case, social_worker_a, specialist
):
    url = f"/cartelle/{assigned_case.uuid}/"
    client.force_login(social_worker_a)
    assert 'name="health"' not in client.get(url).content.decode()
    services.member_add(
        actor=social_worker_a, case=assigned_case, user=specialist, role="specialist"
    )
    client.force_login(specialist)
    assert 'name="health"' in client.get(url).content.decode()


def test_a_refused_diary_entry_keeps_what_was_typed(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    typed = "Colloquio con la madre: racconta della visita al consultorio."
    # A forged health flag (the box is not offered): refused, the text stays on the page.
    response = client.post(
        f"/cartelle/{assigned_case.uuid}/diario/",
        {"kind": "interview", "text": typed, "health": "on"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert typed in html and "Solo i professionisti sanitari" in html
    assert not DiaryEntry.objects.exists()
    # A form that does not validate keeps the text too.
    response = client.post(f"/cartelle/{assigned_case.uuid}/diario/", {"text": typed})
    assert response.status_code == 422 and typed in response.content.decode()


def test_a_refused_task_keeps_its_title(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    response = client.post(
        f"/cartelle/{assigned_case.uuid}/attivita/", {"title": "Chiamare la scuola"}
    )
    assert response.status_code == 422
    assert 'value="Chiamare la scuola"' in response.content.decode()
    assert not Task.objects.exists()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
def test_the_signature_block_of_the_project_pdf_stays_on_one_page(
    client, assigned_case, social_worker_a
):
    case = services.case_transition(
        actor=social_worker_a, case=assigned_case, name="start_pre_assessment"
    )
    services.pre_assessment_record(
        actor=social_worker_a,
        case=case,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "y",
            "outcome": "social_only",
        },
    )
    case = services.case_transition(actor=social_worker_a, case=case, name="to_social_project")
    client.force_login(social_worker_a)
    # Longer and longer projects: wherever the page ends, the block is never split.
    for count in range(8, 22):
        project = services.project_new_version(
            actor=social_worker_a,
            case=case,
            summary="Percorso di autonomia",
            objectives=[
                {"text": f"Obiettivo numero {n}", "indicator": "sì/no", "deadline": None}
                for n in range(count)
            ],
            commitments=[{"who": "La madre", "text": "Frequentare il corso di italiano"}],
        )
        pdf = client.get(f"/cartelle/{case.uuid}/progetto/{project.version}/pdf/").content
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        pages = text.split("\f")
        (page,) = [p for p in pages if "Luogo e data" in p]
        assert "Il case manager" in page and "I componenti del nucleo" in page, count
        assert "Firme" in page, count
