"""Accreditation pages and API: the operator applies, uploads and submits from the pages; the
plan office starts the review, reviews and decides; another provider's application and
another zone's are a 404; the scheme's page shows the tariff the Italian way; the API lists
as the pages and decides."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from ambito.providers.models import AccreditationApplication, AccreditationScheme
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BASE = "/erogatori/accreditamento/domande"
API = "/api/v1/erogatori/accreditamento"


@pytest.fixture(autouse=True)
def _today():
    with freeze_time("2026-03-02 10:00"):
        yield


def test_the_operator_applies_uploads_and_submits_and_the_office_accredits(
    client, operator_2, planner, provider_2, accreditation_scheme
):
    login(client, operator_2)
    created = client.post(
        f"{BASE}/nuova/",
        {"scheme": accreditation_scheme.uuid, "provider": provider_2.uuid},
    )
    application = AccreditationApplication.objects.get(provider=provider_2)
    assert created.status_code == 302
    url = f"{BASE}/{application.uuid}/"
    page = client.get(url).content.decode()
    assert "Presenta la domanda" in page
    refused = client.post(url + "presenta/")
    assert refused.status_code == 422
    assert "Manca il documento per" in refused.content.decode()
    for requirement in accreditation_scheme.requirements.all():
        done = client.post(
            url + f"requisiti/{requirement.pk}/documento/",
            {
                f"r{requirement.pk}-upload": SimpleUploadedFile("doc.pdf", PDF, "application/pdf"),
                f"r{requirement.pk}-note": "Allegato",
            },
        )
        assert done.status_code == 302
    first = accreditation_scheme.requirements.order_by("position").first()
    download = client.get(url + f"requisiti/{first.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert client.post(url + "presenta/").status_code == 302
    assert client.post(url + "istruttoria/").status_code == 403

    login(client, planner)
    assert client.post(url + "istruttoria/").status_code == 302
    for requirement in accreditation_scheme.requirements.all():
        client.post(
            url + f"requisiti/{requirement.pk}/esito/", {f"v{requirement.pk}-outcome": "met"}
        )
    bad = client.post(url + "decisione/", {"decide-decision": "accredita"})
    assert bad.status_code == 422
    assert "Indica l&#x27;atto di accreditamento." in bad.content.decode()
    decided = client.post(
        url + "decisione/",
        {
            "decide-decision": "accredita",
            "decide-decision_act": "Determina 40/2026",
            "decide-valid_from": "2026-03-01",
        },
    )
    assert decided.status_code == 302
    application.refresh_from_db()
    assert application.state == "accredited"
    page = client.get(url).content.decode()
    assert "01/03/2026 – 28/02/2029" in page
    assert "Sospendi" in page and "Revoca" in page
    no_reason = client.post(url + "sospensione/", {"suspend-reason": ""})
    assert no_reason.status_code == 422
    application.refresh_from_db()
    assert application.state == "accredited"
    assert client.post(url + "sospensione/", {"suspend-reason": "Verifica"}).status_code == 302
    application.refresh_from_db()
    assert application.state == "suspended"


def test_another_providers_application_is_a_404_for_an_operator(
    client, operator_2, accreditation_1
):
    login(client, operator_2)
    url = f"{BASE}/{accreditation_1.uuid}/"
    assert client.get(url).status_code == 404
    assert client.post(url + "ritiro/").status_code == 404
    assert client.get(f"{API}/domande/{accreditation_1.uuid}").status_code == 404
    assert client.get(f"{API}/domande").json()["count"] == 0
    assert "Cooperativa Aurora" not in client.get(f"{BASE}/").content.decode()


def test_another_zones_application_is_a_404(client, accreditation_1, zone_b):
    other = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    login(client, other)
    assert client.get(f"{BASE}/{accreditation_1.uuid}/").status_code == 404
    assert client.get(f"{API}/domande/{accreditation_1.uuid}").status_code == 404
    scheme = accreditation_1.scheme
    assert client.get(f"/erogatori/accreditamento/sistemi/{scheme.uuid}/").status_code == 404


def test_the_scheme_page_shows_tariff_requirements_and_the_accredited(
    client, planner, accreditation_1
):
    login(client, planner)
    html = client.get(
        f"/erogatori/accreditamento/sistemi/{accreditation_1.scheme.uuid}/"
    ).content.decode()
    assert "€ 20,00 per ora" in html
    assert "Personale qualificato (OSS/ADB)" in html
    assert "Cooperativa Aurora" in html
    listed = client.get("/erogatori/accreditamento/").content.decode()
    assert "Accreditamento assistenza domiciliare" in listed


def test_the_plan_office_creates_a_scheme_from_the_page(client, planner, home_care):
    login(client, planner)
    bad = client.post("/erogatori/accreditamento/nuovo/", {"service": home_care.uuid})
    assert bad.status_code == 422
    assert not AccreditationScheme.objects.exists()
    done = client.post(
        "/erogatori/accreditamento/nuovo/",
        {
            "service": home_care.uuid,
            "title": "Accreditamento SAD",
            "validity_months": 24,
            "tariff": "19,50",
            "unit": "hour",
            "opens_on": "2026-01-01",
            "requirements": "Autorizzazione\nPersonale",
        },
    )
    assert done.status_code == 302
    scheme = AccreditationScheme.objects.get()
    assert str(scheme.tariff) == "19.50"
    assert scheme.requirements.count() == 2


def test_the_api_lists_schemes_and_applications_and_decides(
    client, planner, operator_2, provider_2, accreditation_scheme, accreditation_1
):
    from ambito.providers.services import accreditation as services

    application = services.application_create(
        actor=operator_2, scheme=accreditation_scheme, provider=provider_2
    )
    for requirement in accreditation_scheme.requirements.all():
        services.evidence_upload(
            actor=operator_2,
            application=application,
            requirement=requirement,
            upload=SimpleUploadedFile("d.pdf", PDF, "application/pdf"),
        )
    services.application_submit(actor=operator_2, application=application)
    services.application_start_review(actor=planner, application=application)
    evidence = list(application.evidence.order_by("requirement__position"))
    services.requirement_review(actor=planner, evidence=evidence[0], outcome="met")
    services.requirement_review(
        actor=planner, evidence=evidence[1], outcome="not_met", note="Mancano gli attestati"
    )

    login(client, planner)
    schemes = client.get(f"{API}/schemi").json()
    assert schemes["items"][0]["tariff"] == "20.00"
    assert len(schemes["items"][0]["requirements"]) == 2
    listed = client.get(f"{API}/domande").json()
    assert listed["count"] == 2
    assert client.get(f"{API}/domande", {"state": "under_review"}).json()["count"] == 1
    assert client.get(f"{API}/domande", {"state": "boh"}).status_code == 422
    url = f"{API}/domande/{application.uuid}/decisione"
    refused = client.post(
        url,
        {"accredit": True, "decision_act": "D 1", "valid_from": "2026-03-01"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "Un requisito non è soddisfatto" in refused.json()["errors"]["__all__"][0]
    application.refresh_from_db()
    assert application.state == "under_review"
    rejected = client.post(
        url, {"accredit": False, "reason": "Requisito 2"}, content_type="application/json"
    )
    assert rejected.status_code == 200
    body = rejected.json()
    assert body["state"] == "rejected"
    assert [t["to_state"] for t in body["history"]][-1] == "rejected"
    assert body["evidence"][1]["outcome"] == "not_met"

    login(client, operator_2)
    mine = client.get(f"{API}/domande").json()
    assert [row["uuid"] for row in mine["items"]] == [str(application.uuid)]
    decide = client.post(
        f"{API}/domande/{application.uuid}/decisione",
        {"accredit": False, "reason": "x"},
        content_type="application/json",
    )
    assert decide.status_code == 403
    assert dt.date.today() == dt.date(2026, 3, 2)
