"""The register's pages: who reaches which, another zone's rows do not exist, the report."""

import pytest

from ambito.assistants.models import RegisterPublication, Worker
from tests.assistants.conftest import make_worker
from tests.conftest import login

pytestmark = pytest.mark.django_db

BASE = "/assistenti-familiari/"


def test_the_plan_office_enrols_from_the_pages(client, planner, municipality_a):
    login(client, planner)
    assert client.get(BASE).url == f"{BASE}iscritti/"
    response = client.post(
        f"{BASE}iscritti/nuovo/",
        {
            "first_name": "Maria",
            "last_name": "Santos",
            "kind": "both",
            "weekly_hours": 20,
            "municipalities": [municipality_a.uuid],
            "languages": ["tl", "en"],
        },
    )
    worker = Worker.objects.get()
    assert response.url == f"{BASE}iscritti/{worker.uuid}/"
    page = client.get(response.url).content.decode()
    assert "Maria Santos" in page and "Tagalog" in page
    response = client.post(f"{BASE}iscritti/{worker.uuid}/stato/", {"state": "checks"})
    worker.refresh_from_db()
    assert worker.state == "checks" and worker.checks.count() == 3
    # Enrolment without the checks: an Italian message, the state unchanged.
    response = client.post(
        f"{BASE}iscritti/{worker.uuid}/stato/", {"state": "enrolled"}, follow=True
    )
    assert "Non si può iscrivere" in response.content.decode()
    worker.refresh_from_db()
    assert worker.state == "checks"


def test_a_bad_enrolment_form_writes_nothing(client, planner):
    login(client, planner)
    response = client.post(
        f"{BASE}iscritti/nuovo/",
        {
            "first_name": "A",
            "last_name": "B",
            "kind": "both",
            "weekly_hours": 10,
            "fiscal_code": "ABC",
        },
    )
    assert response.status_code == 422
    assert "16 lettere" in response.content.decode()
    assert not Worker.objects.exists()


def test_search_users_do_not_reach_the_register_and_managers_reach_everything(
    client, front_office, planner, listed
):
    login(client, front_office)
    assert client.get(f"{BASE}iscritti/").status_code == 403
    assert client.get(f"{BASE}pubblicazione/").status_code == 403
    assert client.get(f"{BASE}iscritti/{listed.uuid}/modifica/").status_code == 403
    assert client.get(BASE).url == f"{BASE}ricerca/"
    login(client, planner)
    for url in (
        "iscritti/",
        f"iscritti/{listed.uuid}/",
        f"iscritti/{listed.uuid}/modifica/",
        "pubblicazione/",
        "dati/",
        "abbinamenti/",
    ):
        assert client.get(BASE + url).status_code == 200, url


def test_another_zones_worker_does_not_exist(client, social_worker_other_zone, zone_a, listed):
    login(client, social_worker_other_zone)
    assert client.get(f"{BASE}iscritti/{listed.uuid}/").status_code == 404
    assert client.get(f"/api/v1/assistenti-familiari/lavoratori/{listed.uuid}").status_code == 404
    assert client.get(f"{BASE}ricerca/?cerca=1").content.decode().count("search-row") == 0


def test_the_assembly_reads_the_figures_only(client, assembly, listed, zone_a):
    make_worker(zone_a, first_name="Zoe", kind="babysitter", consent=False)
    login(client, assembly)
    assert client.get(BASE).url == f"{BASE}dati/"
    page = client.get(f"{BASE}dati/").content.decode()
    assert "Iscritti: <strong>2</strong>" in page and "Ana" not in page
    assert client.get(f"{BASE}ricerca/").status_code == 403
    assert client.get(f"{BASE}abbinamenti/").status_code == 403
    xlsx = client.get(f"{BASE}dati/esporta/?formato=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get(f"{BASE}dati/esporta/?formato=csv&tabella=tipi").content.decode("utf-8-sig")
    assert "Baby-sitter;1" in csv
    assert client.get(f"{BASE}dati/esporta/?formato=csv&tabella=altro").status_code == 404


def test_the_report_prints_to_pdf(client, coordinator, listed):
    login(client, coordinator)
    response = client.get(f"{BASE}dati/esporta/?formato=pdf")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"


def test_the_publication_is_set_by_the_plan_office(client, planner, zone_a):
    login(client, planner)
    response = client.post(
        f"{BASE}pubblicazione/",
        {"published": "on", "show_languages": "on", "contact_text": "Sportello"},
    )
    assert response.status_code == 302
    publication = RegisterPublication.objects.get(zone=zone_a)
    assert (
        publication.published and publication.show_languages and not publication.show_availability
    )
