"""The pages of the pact, adhesions, candidatures and the registry: who sees what, the forms
re-rendered with 422 and the services' Italian errors, the audit rows of detail reads."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambito.core.models import AccessLog, EventLog
from ambito.network.models import Adhesion, Candidature, CommitmentRecord
from ambito.network.services import candidatures as candidature_services
from ambito.network.services import pact as pact_services
from tests.conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign(pact, organisation, actor):
    return pact_services.adhesion_sign(
        actor=actor,
        pact=pact,
        organisation=organisation,
        signed_on=dt.date(2026, 2, 1),
        signatory="Legale rappresentante",
    )


def apply(actor, line, organisation):
    return candidature_services.candidature_submit(
        actor=actor,
        line=line,
        organisation=organisation,
        people=2,
        hours_per_month=10,
        contribution="Sportello",
        proposed_role="Partner",
    )


@pytest.fixture
def network(planner, pact, line_1, line_2, body_a, body_b, operator_a, operator_b):
    sign(pact, body_a, planner)
    sign(pact, body_b, planner)
    return {
        "a": apply(operator_a, line_1, body_a),
        "b": apply(operator_b, line_1, body_b),
    }


def test_the_network_home_lists_the_pacts_with_their_lines_and_counts(client, planner, network):
    response = login(client, planner).get(reverse("network:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Patto territoriale di prova" in text
    assert "L1 Segretariato sociale" in text
    assert "2 enti aderenti" in text


def test_an_operator_home_summarises_their_organisation(client, operator_a, network, body_a):
    response = login(client, operator_a).get(reverse("network:home"))
    assert response.status_code == 200
    assert reverse("network:organisation", args=[body_a.uuid]) in response.content.decode()


def test_a_social_worker_has_no_network_home(client, social_worker_a, network):
    assert login(client, social_worker_a).get(reverse("network:home")).status_code == 403


def test_the_pact_page_shows_the_adherents_at_a_date(client, planner, pact, network, body_a):
    client = login(client, planner)
    url = reverse("network:pact", args=[pact.uuid])
    assert "0 enti al 15/01/2026" in client.get(url, {"al": "15/01/2026"}).content.decode()
    text = client.get(url, {"al": "01/03/2026"}).content.decode()
    assert "2 enti al 01/03/2026" in text
    assert body_a.name in text
    assert "Data non valida" in client.get(url, {"al": "31/02/2026"}).content.decode()


def test_the_plan_office_adds_a_line_from_the_pact_page(client, planner, pact):
    client = login(client, planner)
    url = reverse("network:pact_line_add", args=[pact.uuid])
    response = client.post(url, {"linea-code": "L7", "linea-title": "Nuova linea"})
    assert response.status_code == 302
    response = client.post(url, {"linea-code": "L7", "linea-title": "Doppia"})
    assert response.status_code == 422
    assert "già usato" in response.content.decode()


def test_an_adhesion_with_its_signed_act_is_recorded_and_downloaded_with_an_access_row(
    client, planner, pact, body_a
):
    client = login(client, planner)
    response = client.post(
        reverse("network:adhesion_add", args=[pact.uuid]),
        {
            "adesione-organisation": body_a.uuid,
            "adesione-role": "adherent",
            "adesione-signed_on": "2026-02-01",
            "adesione-signatory": "Legale rappresentante",
            "adesione-document": SimpleUploadedFile("atto.pdf", PDF),
        },
    )
    assert response.status_code == 302
    adhesion = Adhesion.objects.get()
    response = client.get(reverse("network:adhesion_document", args=[adhesion.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLog.objects.filter(object_uuid=adhesion.uuid, user=planner).exists()


def test_a_second_adhesion_on_the_page_is_a_422_in_italian(client, planner, pact, network, body_a):
    response = login(client, planner).post(
        reverse("network:adhesion_add", args=[pact.uuid]),
        {
            "adesione-organisation": body_a.uuid,
            "adesione-role": "adherent",
            "adesione-signed_on": "2026-03-01",
            "adesione-signatory": "X",
        },
    )
    assert response.status_code == 422
    assert "adesione in corso" in response.content.decode()


def test_a_withdrawal_without_reason_is_a_422(client, planner, pact, body_a):
    adhesion = sign(pact, body_a, planner)
    response = login(client, planner).post(
        reverse("network:adhesion_withdraw", args=[adhesion.uuid]),
        {"recesso-withdrawn_on": "2026-05-01", "recesso-reason": ""},
    )
    assert response.status_code == 422
    assert "motivo del recesso" in response.content.decode().lower()
    adhesion.refresh_from_db()
    assert adhesion.withdrawn_on is None


def test_an_operator_of_a_cannot_see_bs_candidature_adhesion_or_page(
    client, operator_a, network, body_b
):
    client = login(client, operator_a)
    b = network["b"]
    assert client.get(reverse("network:candidature", args=[b.uuid])).status_code == 404
    assert client.get(reverse("network:organisation", args=[body_b.uuid])).status_code == 404
    other = Adhesion.objects.get(organisation=body_b)
    assert client.get(reverse("network:adhesion", args=[other.uuid])).status_code == 404
    response = client.post(
        reverse("network:candidature_transition", args=[b.uuid]), {"to_state": "withdrawn"}
    )
    assert response.status_code == 404
    text = client.get(reverse("network:candidatures")).content.decode()
    assert body_b.name not in text


def test_the_operator_applies_from_the_line_page(client, operator_a, planner, pact, line_2, body_a):
    sign(pact, body_a, planner)
    client = login(client, operator_a)
    page = client.get(reverse("network:line", args=[line_2.uuid])).content.decode()
    assert "Candidati a questa linea" in page
    assert f"{reverse('network:line', args=[line_2.uuid])}trasparenza/" in page
    url = reverse("network:candidature_add", args=[line_2.uuid])
    response = client.post(
        url,
        {
            "organisation": body_a.uuid,
            "people": "2",
            "hours_per_month": "-3",
            "contribution": "Sportello",
            "proposed_role": "Partner",
        },
    )
    assert response.status_code == 422
    assert "negativo" in response.content.decode()
    assert not Candidature.objects.exists()
    response = client.post(
        url,
        {
            "organisation": body_a.uuid,
            "people": "2",
            "hours_per_month": "3,5",
            "contribution": "Sportello",
            "proposed_role": "Partner",
        },
    )
    assert response.status_code == 302
    assert Candidature.objects.get().hours_per_month == 3.5


def test_the_candidature_page_is_logged_and_the_office_moves_it(client, planner, network):
    a = network["a"]
    client = login(client, planner)
    response = client.get(reverse("network:candidature", args=[a.uuid]))
    assert response.status_code == 200
    assert "Avvia l&#x27;istruttoria" in response.content.decode()
    assert AccessLog.objects.filter(object_uuid=a.uuid, user=planner).exists()
    url = reverse("network:candidature_transition", args=[a.uuid])
    assert client.post(url, {"to_state": "under_review"}).status_code == 302
    response = client.post(url, {"to_state": "rejected", "reason": ""})
    assert response.status_code == 422
    assert "motivo" in response.content.decode()
    assert client.post(url, {"to_state": "accepted"}).status_code == 302
    a.refresh_from_db()
    assert a.state == "accepted"


def test_the_organisation_edits_its_candidature_and_a_stale_form_is_refused(
    client, operator_a, network
):
    a = network["a"]
    client = login(client, operator_a)
    data = {
        "revision": "1",
        "people": "4",
        "hours_per_month": "10",
        "vehicles": "0",
        "money": "0",
        "contribution": "Sportello",
        "proposed_role": "Partner",
    }
    assert client.post(reverse("network:candidature", args=[a.uuid]), data).status_code == 302
    response = client.post(reverse("network:candidature", args=[a.uuid]), {**data, "people": "6"})
    assert response.status_code == 422
    assert "modificata da un altro utente" in response.content.decode()
    a.refresh_from_db()
    assert a.people == 4
    assert EventLog.objects.filter(object_uuid=a.uuid, action="update").count() == 1


def test_the_assembly_reads_the_candidatures_but_gets_no_buttons_or_forms(
    client, assembly_member, network, pact
):
    client = login(client, assembly_member)
    a = network["a"]
    response = client.get(reverse("network:candidature", args=[a.uuid]))
    assert response.status_code == 200
    assert 'data-testid="transition-form"' not in response.content.decode()
    url = reverse("network:candidature_transition", args=[a.uuid])
    assert client.post(url, {"to_state": "under_review"}).status_code == 403
    page = client.get(reverse("network:pact", args=[pact.uuid])).content.decode()
    assert 'data-testid="adhesion-form"' not in page
    assert 'data-testid="line-form"' not in page


def test_the_registry_filters_and_an_operator_sees_only_their_own(
    client, planner, operator_a, body_a, body_b
):
    text = login(client, planner).get(reverse("network:organisations"), {"runts_section": "d"})
    assert body_b.name in text.content.decode()
    assert body_a.name not in text.content.decode()
    client.logout()
    text = login(client, operator_a).get(reverse("network:organisations")).content.decode()
    assert body_a.name in text
    assert body_b.name not in text


def test_the_organisation_page_sums_the_hours_per_line_in_few_queries(
    client, planner, network, line_1, body_a, django_assert_max_num_queries
):
    for month in range(1, 6):
        CommitmentRecord.objects.create(
            zone=body_a.zone,
            line=line_1,
            organisation=body_a,
            month=dt.date(2026, month, 1),
            hours=10,
            recorded_by=planner,
        )
    client = login(client, planner)
    url = reverse("network:organisation", args=[body_a.uuid])
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    text = response.content.decode()
    assert "50" in text.split('data-testid="commitment-totals"')[1]
    assert AccessLog.objects.filter(object_uuid=body_a.uuid).exists()


def test_the_operator_uploads_the_signed_act_later_and_a_bad_file_is_a_422(
    client, operator_a, planner, pact, body_a
):
    adhesion = sign(pact, body_a, planner)
    client = login(client, operator_a)
    url = reverse("network:adhesion_document_upload", args=[adhesion.uuid])
    bad = client.post(url, {"atto-document": SimpleUploadedFile("atto.pdf", b"not a pdf")})
    assert bad.status_code == 422
    assert "Tipo di file non ammesso" in bad.content.decode()
    good = client.post(url, {"atto-document": SimpleUploadedFile("atto.pdf", PDF)})
    assert good.status_code == 302
    adhesion.refresh_from_db()
    assert adhesion.content_type == "application/pdf"
    assert EventLog.objects.filter(object_uuid=adhesion.uuid, fields=["file"]).exists()


def test_operator_b_cannot_download_the_act_of_body_a(client, operator_b, planner, pact, body_a):
    upload = SimpleUploadedFile("atto.pdf", PDF)
    adhesion = pact_services.adhesion_sign(
        actor=planner,
        pact=pact,
        organisation=body_a,
        signed_on=dt.date(2026, 2, 1),
        signatory="Legale rappresentante",
        document=upload,
    )
    response = login(client, operator_b).get(
        reverse("network:adhesion_document", args=[adhesion.uuid])
    )
    assert response.status_code == 404


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_pact_and_registry_pages_are_accessible_in_a_browser(
    page, live_server, planner, pact, line_1, body_a
):
    from tests.browser import assert_accessible
    from tests.browser import login as browser_login
    from tests.conftest import PASSWORD

    adhesion = sign(pact, body_a, planner)
    browser_login(page, live_server, planner.username, PASSWORD)
    for path in (
        reverse("network:home"),
        reverse("network:pact", args=[pact.uuid]),
        reverse("network:adhesion", args=[adhesion.uuid]),
        reverse("network:candidatures"),
        reverse("network:organisations"),
        reverse("network:organisation", args=[body_a.uuid]),
        reverse("network:organisation_add"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
