"""The applications pages: the table by municipality and status, follow-up, import page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.measures.models import Application, Measure
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(importer):
    return importer


def make(zone, municipality, status, n, protocol_start=0, reason=""):
    adi = Measure.objects.get(code="ADI")
    for i in range(n):
        Application.objects.create(
            zone=zone,
            measure=adi,
            protocol=f"{municipality.pk}-{status}-{protocol_start + i}",
            applicant=PersonFactory(residence_municipality=municipality),
            municipality=municipality,
            status=status,
            status_reason=reason,
        )


def test_the_table_computes_totals_from_the_cells(
    client, coordinator, zone_a, municipality_a, municipality_b
):
    make(zone_a, municipality_a, "positive", 3)
    make(zone_a, municipality_a, "rejected", 2, reason="ISEE alto")
    make(zone_a, municipality_b, "lapsed", 1)
    client.force_login(coordinator)
    html = client.get("/domande/?misura=ADI").content.decode()
    table = html.split('data-testid="status-table"')[1].split("</table>")[0]
    assert "6 domande" in table
    assert ">3</td>" in table and ">2</td>" in table
    follow = html.split('data-testid="follow-up"')[1]
    assert follow.count("Registra la verifica") == 3 and "ISEE alto" in follow


def test_a_follow_up_is_recorded_and_leaves_the_list(client, coordinator, zone_a, municipality_a):
    make(zone_a, municipality_a, "suspended", 1)
    app = Application.objects.get()
    client.force_login(coordinator)
    response = client.post(f"/domande/{app.uuid}/verifica/", {"note": ""}, follow=True)
    assert "Scrivi l&#x27;esito della verifica" in response.content.decode()
    client.post(f"/domande/{app.uuid}/verifica/", {"note": "Sottoscritto il patto"})
    app.refresh_from_db()
    assert app.follow_up_done_at is not None and app.follow_up_note == "Sottoscritto il patto"


def test_upload_preview_and_confirm(
    client, coordinator, zone_a, municipality_a, person_a, run_jobs
):
    client.force_login(coordinator)
    content = (
        "Protocollo;Codice fiscale;Comune;Stato\n"
        f"P1;{person_a.fiscal_code};{municipality_a.name};Accolta\n"
    ).encode()
    html = client.post(
        "/domande/importa/",
        {"measure": "ADI", "file": SimpleUploadedFile("elenco.csv", content)},
    ).content.decode()
    assert 'data-testid="preview"' in html and "Nuove domande: 1" in html
    assert not Application.objects.exists()
    response = client.post("/domande/importa/", {"confirm": "1"})
    assert response.status_code == 302 and response.url.startswith("/lavori/")
    assert not Application.objects.exists()  # the request only queued the job
    assert run_jobs() == 1
    assert Application.objects.get().case is not None
    assert "Nuove domande: 1" in client.get(response.url).content.decode()


def test_errors_are_shown_by_line_and_block_the_import(client, coordinator, zone_a, municipality_a):
    client.force_login(coordinator)
    content = b"Protocollo;Codice fiscale;Comune;Stato\nP1;XXX;Atlantide;Forse\n"
    html = client.post(
        "/domande/importa/", {"measure": "ADI", "file": SimpleUploadedFile("e.csv", content)}
    ).content.decode()
    assert 'data-testid="row-errors"' in html and "Comune sconosciuto" in html
    assert "XXX" not in html.split('data-testid="row-errors"')[1]  # no personal data echoed
    assert 'name="confirm"' not in html
    client.post("/domande/importa/", {"confirm": "1"})
    assert not Application.objects.exists()


def test_a_file_without_the_needed_columns_asks_for_the_mapping(
    client, coordinator, person_a, municipality_a
):
    client.force_login(coordinator)
    row = f"P1;{person_a.fiscal_code};{municipality_a.name};Accolta"
    content = f"Pratica;CF;Comune;Esito\n{row}\n".encode()
    html = client.post(
        "/domande/importa/", {"measure": "ADI", "file": SimpleUploadedFile("e.csv", content)}
    ).content.decode()
    assert "Mancano colonne obbligatorie" in html and "Corrispondenza delle colonne" in html
    html = client.post(
        "/domande/importa/",
        {
            "remap": "1",
            "map-protocol": "Pratica",
            "map-fiscal_code": "CF",
            "map-municipality": "Comune",
            "map-status": "Esito",
        },
    ).content.decode()
    assert "Nuove domande: 1" in html


def test_social_workers_see_but_do_not_import(client, social_worker_a):
    client.force_login(social_worker_a)
    assert client.get("/domande/").status_code == 200
    assert client.get("/domande/importa/").status_code == 403


def test_the_follow_up_list_is_paged_never_cut_and_logs_the_page_shown(
    client, zone_a, municipality_a
):
    from ambito.core.models import AccessLog
    from ambito.measures.models import Measure
    from tests.factories import PersonFactory, UserFactory

    coordinator = UserFactory(zone=zone_a, roles=["coordinator"], municipalities=[municipality_a])
    adi = Measure.objects.get(code="ADI")
    for number in range(55):
        Application.objects.create(
            zone=zone_a,
            measure=adi,
            protocol=f"R{number:03}",
            applicant=PersonFactory(residence_municipality=municipality_a),
            municipality=municipality_a,
            status="rejected",
        )
    client.force_login(coordinator)
    first = client.get("/domande/?misura=ADI").content.decode()
    assert "respinte (55)" in first and "Pagina 1 di 2" in first
    assert AccessLog.objects.filter(user=coordinator).count() == 50
    second = client.get("/domande/?misura=ADI&pagina=2").content.decode()
    assert second.count("Registra la verifica") == 5
