import shutil
import subprocess

import pytest
from django.urls import reverse

from ambito.catalog.models import Service
from ambito.core.models import AccessLog
from tests.conftest import login

pytestmark = pytest.mark.django_db


# --- operator pages --------------------------------------------------------------------------


def test_the_operator_list_needs_a_login(client, charter):
    response = client.get(reverse("catalog:list"))
    assert response.status_code == 302


def test_a_social_worker_sees_the_list_with_drafts(client, charter, social_worker_a):
    response = login(client, social_worker_a).get(reverse("catalog:list"))
    assert response.status_code == 200
    assert "Servizio segreto in bozza" in response.text
    assert "Assistenza domiciliare Crema" not in response.text


def test_a_user_without_a_role_gets_403(client, charter, outsider):
    assert login(client, outsider).get(reverse("catalog:list")).status_code == 403


def test_another_zones_service_is_a_404(client, charter, social_worker_a):
    url = reverse("catalog:detail", args=[charter["other_zone"].uuid])
    assert login(client, social_worker_a).get(url).status_code == 404


def test_a_social_worker_may_not_edit(client, charter, social_worker_a):
    url = reverse("catalog:edit", args=[charter["home_care"].uuid])
    assert login(client, social_worker_a).get(url).status_code == 403
    assert login(client, social_worker_a).get(reverse("catalog:create")).status_code == 403


def test_a_planner_creates_edits_and_publishes_a_service(client, zone_a, planner, area):
    login(client, planner)
    response = client.post(
        reverse("catalog:create"),
        {
            "name": "Mediazione familiare",
            "short_description": "Per genitori che si separano.",
            "need_areas": [area("family_minors").pk],
            "residence_required": "on",
        },
    )
    service = Service.objects.get(name="Mediazione familiare")
    assert response.status_code == 302
    assert service.slug == "mediazione-familiare"
    assert service.status == "draft"
    response = client.post(
        reverse("catalog:edit", args=[service.uuid]),
        {"name": "Mediazione familiare", "slug": "mediazione", "short_description": "Nuova."},
    )
    assert response.status_code == 302
    client.post(reverse("catalog:publish", args=[service.uuid]))
    service.refresh_from_db()
    assert (service.slug, service.short_description, service.status) == (
        "mediazione",
        "Nuova.",
        "published",
    )
    history = client.get(reverse("catalog:history", args=[service.uuid]))
    assert "descrizione breve" in history.text
    assert "<td>Utente</td>" in history.text


def test_the_form_shows_the_services_italian_errors(client, zone_a, planner):
    response = login(client, planner).post(
        reverse("catalog:create"),
        {"name": "Servizio", "short_description": "x", "min_age": 50, "max_age": 10},
    )
    assert response.status_code == 200
    assert "non può essere inferiore" in response.text
    assert not Service.objects.exists()


def test_publish_is_post_only(client, charter, planner):
    url = reverse("catalog:publish", args=[charter["draft"].uuid])
    assert login(client, planner).get(url).status_code == 405


def test_orientation_by_fiscal_code_lists_reasons_and_logs_the_read(
    client, charter, social_worker_a, person_a
):
    from datetime import date

    person_a.birth_date = date(1985, 5, 1)  # an adult of working age, whatever the factory
    person_a.save()
    response = login(client, social_worker_a).post(
        reverse("catalog:orientation"), {"fiscal_code": person_a.fiscal_code.lower()}
    )
    assert response.status_code == 200
    assert "Tirocini di inclusione sociale" in response.text
    assert "residente a Pistoia, comune dell&#x27;ambito" in response.text
    assert AccessLog.objects.filter(person=person_a, reason="orientamento").exists()


def test_orientation_does_not_find_persons_out_of_scope(
    client, charter, social_worker_a, person_other_zone
):
    response = login(client, social_worker_a).post(
        reverse("catalog:orientation"), {"fiscal_code": person_other_zone.fiscal_code}
    )
    assert "Nessuna persona con questo codice fiscale" in response.text
    assert "Rossi Luca" not in response.text


def test_orientation_by_age_and_isee(client, charter, social_worker_a, municipality_a):
    response = login(client, social_worker_a).post(
        reverse("catalog:orientation"),
        {"age": 70, "municipality": municipality_a.pk, "isee": "15000"},
    )
    assert "ISEE € 15.000,00 oltre la soglia di € 12.000,00" in response.text
    assert "età 70 anni: fuori dai limiti 18-65" in response.text


# --- public pages ----------------------------------------------------------------------------


def test_the_public_charter_needs_no_login_and_shows_only_published(client, charter, zone_a):
    response = client.get(reverse("catalog_public:home", args=[zone_a.code]))
    assert response.status_code == 200
    assert "Assistenza domiciliare" in response.text
    assert "Tirocini di inclusione sociale" in response.text
    assert "Servizio segreto in bozza" not in response.text
    assert "Vecchio servizio ritirato" not in response.text
    assert "Crema" not in response.text


def test_the_public_search_filters_by_words_and_area(client, charter, zone_a):
    url = reverse("catalog_public:home", args=[zone_a.code])
    response = client.get(url, {"q": "tirocinio"})
    assert "Tirocini di inclusione sociale" in response.text
    assert "Aiuto a casa" not in response.text
    response = client.get(url, {"area": "elderly"})
    assert "Assistenza domiciliare" in response.text
    assert "Un tirocinio con borsa" not in response.text


def test_a_public_service_page_says_what_for_whom_and_where(client, charter, zone_a):
    service = charter["home_care"]
    response = client.get(reverse("catalog_public:service", args=[zone_a.code, service.slug]))
    assert response.status_code == 200
    text = response.text
    for expected in (
        "Aiuto a casa",
        "ISEE non superiore a € 12.000,00",
        "Attestazione ISEE",
        "Segretariato sociale di Pistoia",
        "lun 9:00-12:30; mer 15:00-17:00",
        "Cooperativa Il Ponte",
        "Legge 328/2000",
        f"/carta/{zone_a.code}/richiesta/",
        "Chiedi un appuntamento o invia una richiesta",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("key", ["draft", "withdrawn"])
def test_an_unpublished_service_is_a_404(client, charter, zone_a, key):
    url = reverse("catalog_public:service", args=[zone_a.code, charter[key].slug])
    assert client.get(url).status_code == 404


def test_another_zones_service_is_not_on_this_zones_charter(client, charter, zone_a):
    url = reverse("catalog_public:service", args=[zone_a.code, charter["other_zone"].slug])
    assert client.get(url).status_code == 404


def test_an_unknown_zone_is_a_404(client, db):
    assert client.get("/carta/nessuna/").status_code == 404


def test_the_public_access_points_page_shows_hours(client, charter, zone_a):
    response = client.get(reverse("catalog_public:access_points", args=[zone_a.code]))
    assert response.status_code == 200
    assert "Segretariato sociale di Pistoia" in response.text
    assert "lun 9:00-12:30; mer 15:00-17:00" in response.text


def test_public_pages_show_no_personal_data(client, charter, zone_a, person_a, planner):
    pages = [
        reverse("catalog_public:home", args=[zone_a.code]),
        reverse("catalog_public:service", args=[zone_a.code, charter["home_care"].slug]),
        reverse("catalog_public:access_points", args=[zone_a.code]),
    ]
    for url in pages:
        text = client.get(url).text
        assert person_a.fiscal_code not in text
        assert person_a.last_name not in text
        assert planner.username not in text


def test_the_printable_charter_is_a_pdf_with_the_published_services(client, charter, zone_a):
    response = client.get(reverse("catalog_public:pdf", args=[zone_a.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        assert len(response.content) > 2000
        return
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Assistenza domiciliare" in text
    assert "Tirocini di inclusione sociale" in text
    assert "Servizio segreto in bozza" not in text


def test_the_charters_index_lists_every_zone_with_a_link_to_its_charter(client, zone_a, zone_b):
    response = client.get("/carta/")
    assert response.status_code == 200
    body = response.content.decode()
    for zone in (zone_a, zone_b):
        assert zone.name in body
        assert f'href="/carta/{zone.code}/"' in body


def test_the_charter_home_links_to_the_request_form(client, charter, zone_a):
    body = client.get(f"/carta/{zone_a.code}/").content.decode()
    assert f'href="/carta/{zone_a.code}/richiesta/"' in body


@pytest.mark.parametrize(
    ("cost", "shown"),
    [
        ("Gratuito", "Gratuito"),
        ("gratuito.", "Gratuito"),
        ("", "Gratuito"),
        ("Gratuito con ISEE fino a 12.000 €", "Gratuito con ISEE fino a 12.000 €"),
        ("pasti a carico della famiglia", "Gratuito. Pasti a carico della famiglia"),
    ],
)
def test_a_free_service_says_gratuito_once(client, charter, zone_a, cost, shown):
    service = charter["home_care"]
    Service.objects.filter(pk=service.pk).update(is_free=True, cost=cost)
    body = client.get(f"/carta/{zone_a.code}/servizi/{service.slug}/").content.decode()
    paragraph = body.split('data-testid="service-cost">')[1].split("</p>")[0]
    assert paragraph == shown
    if shutil.which("pdftotext") and cost == "Gratuito":
        pdf = client.get(reverse("catalog_public:pdf", args=[zone_a.code])).content
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Gratuito. Gratuito" not in text and "Gratuito" in text
