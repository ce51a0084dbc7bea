"""The applications API: table, follow-up, import with dry run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ambito.core.services import api_token_create
from ambito.measures.models import Application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def token_client(user) -> Client:
    _, key = api_token_create(user=user, name="prova")
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.fixture
def coordinator(zone_a, municipality_a):
    return UserFactory(zone=zone_a, roles=["coordinator"], municipalities=[municipality_a])


def test_import_dry_run_then_commit_then_table(coordinator, person_a, municipality_a, run_jobs):
    client = token_client(coordinator)
    content = (
        "Protocollo;Codice fiscale;Comune;Stato;Motivo\n"
        f"P1;{person_a.fiscal_code};{municipality_a.name};Accolta;\n"
        f"P2;{person_a.fiscal_code};{municipality_a.name};Respinta;ISEE\n"
    ).encode()
    response = client.post(
        "/api/v1/applications/import",
        {"file": SimpleUploadedFile("e.csv", content), "measure": "ADI", "dry_run": "true"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["new"] == 2 and response.json()["imported"] is False
    assert not Application.objects.exists()
    response = client.post(
        "/api/v1/applications/import",
        {"file": SimpleUploadedFile("e.csv", content), "measure": "ADI", "dry_run": "false"},
    )
    assert response.status_code == 202 and response.json()["imported"] is False
    job = client.get(f"/api/v1/jobs/{response.json()['job']}").json()
    assert job["status"] == "queued" and job["kind"] == "measures.import"
    assert not Application.objects.exists()
    run_jobs()
    job = client.get(f"/api/v1/jobs/{job['uuid']}").json()
    assert job["status"] == "done" and job["result"]["cases_opened"] == 1
    assert "file" not in job["result"] and "Cartelle aperte: 1" in job["summary"]
    assert client.post(f"/api/v1/jobs/{job['uuid']}/cancel").status_code == 403  # finished
    other = token_client(UserFactory(zone=coordinator.zone, roles=["coordinator"]))
    assert other.get(f"/api/v1/jobs/{job['uuid']}").status_code == 404
    table = client.get("/api/v1/applications/table", {"measure": "ADI"}).json()
    assert table["total"] == 2 and table["totals"]["positive"] == 1
    follow = client.get("/api/v1/applications/follow-up").json()["items"]
    assert [f["protocol"] for f in follow] == ["P2"] and follow[0]["reason"] == "ISEE"


def test_import_errors_come_back_by_line_and_nothing_is_written(coordinator, municipality_a):
    content = f"Protocollo;Codice fiscale;Comune;Stato\nP1;BAD;{municipality_a.name};Accolta\n"
    response = token_client(coordinator).post(
        "/api/v1/applications/import",
        {"file": SimpleUploadedFile("e.csv", content.encode()), "dry_run": "false"},
    )
    body = response.json()
    assert body["imported"] is False and body["errors"][0]["line"] == 2
    assert "BAD" not in response.content.decode()
    assert not Application.objects.exists()


def test_social_workers_cannot_import(social_worker_a):
    response = token_client(social_worker_a).post(
        "/api/v1/applications/import", {"file": SimpleUploadedFile("e.csv", b"x")}
    )
    assert response.status_code == 403


def test_a_multipart_upload_without_boundary_is_a_400_in_italian(coordinator):
    response = token_client(coordinator).post(
        "/api/v1/applications/import",
        data=b"--x\r\nContent-Disposition: form-data; name=file\r\n\r\nP1\r\n--x--\r\n",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "multipart/form-data" in response.json()["detail"]


def test_the_follow_up_list_logs_only_the_applicants_of_the_page_it_answers(
    coordinator, zone_a, municipality_a
):
    from ambito.core.models import AccessLog
    from ambito.measures.models import Measure
    from tests.factories import PersonFactory

    adi = Measure.objects.get(code="ADI")
    applicants = [PersonFactory(residence_municipality=municipality_a) for _ in range(3)]
    for number, person in enumerate(applicants):
        Application.objects.create(
            zone=zone_a,
            measure=adi,
            protocol=f"R{number}",
            applicant=person,
            municipality=municipality_a,
            status="rejected",
            status_on=f"2026-0{number + 1}-01",
        )
    page = token_client(coordinator).get("/api/v1/applications/follow-up?limit=2").json()
    assert (page["count"], len(page["items"])) == (3, 2) and page["next"]
    logged = set(AccessLog.objects.filter(user=coordinator).values_list("person_id", flat=True))
    assert logged == {applicants[0].pk, applicants[1].pk}
