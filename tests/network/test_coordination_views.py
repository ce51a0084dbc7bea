"""The pages of the area services and of the shared documents: what each role sees, the
overview without personal data, the forms' Italian errors (422, nothing written), the "Ho
letto" button and the download (audited, and a read receipt)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ambito.core.models import AccessLog
from ambito.network.models import AreaServiceMember, DocumentVersion, ReadReceipt, SharedDocument
from ambito.network.services import coordination as services
from tests.conftest import login
from tests.factories import UserFactory

from .test_coordination import *  # noqa: F403  (the cast: fixtures only)
from .test_coordination import DAY, pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(coordinator, pdf, foster_centre):
    return services.shared_document_create(
        actor=coordinator,
        kind="protocol",
        title="Protocollo operativo per gli affidi",
        area_service=foster_centre,
        file=pdf(),
    )


@pytest.fixture
def other_zone_document(zone_b, pdf):
    coordinator_b = UserFactory(zone=zone_b, roles=["coordinator"])
    return services.shared_document_create(
        actor=coordinator_b, kind="procedure", title="Procedura di un altro ambito", file=pdf()
    )


def test_the_url_paths(foster_centre, protocol):
    version = protocol.versions.get()
    assert reverse("network:area_services") == "/rete/servizi-di-area/"
    assert reverse("network:area_overview") == "/rete/servizi-di-area/panoramica/"
    assert reverse("network:area_service", args=[foster_centre.uuid]).startswith(
        "/rete/servizi-di-area/"
    )
    assert reverse("network:documents") == "/rete/documenti/"
    assert reverse("network:document_add") == "/rete/documenti/nuovo/"
    assert reverse("network:document", args=[protocol.uuid]) == f"/rete/documenti/{protocol.uuid}/"
    assert (
        reverse("network:document_version_file", args=[version.uuid])
        == f"/rete/versioni/{version.uuid}/file/"
    )


def test_a_social_worker_sees_the_services_and_their_members_without_the_forms(
    client, caseload, social_worker_a, foster_centre
):
    login(client, social_worker_a)
    listing = client.get(reverse("network:area_services"))
    assert listing.status_code == 200
    assert "Centro affidi della Piana" in listing.content.decode()
    assert "Nuovo servizio di area" not in listing.content.decode()
    page = client.get(reverse("network:area_service", args=[foster_centre.uuid]))
    html = page.content.decode()
    assert page.status_code == 200 and "Lucchesi" in html
    assert "Aggiungi un operatore" not in html
    assert client.post(reverse("network:area_services"), {}).status_code == 403
    assert client.get(reverse("network:area_overview")).status_code == 403


def test_a_coordinator_creates_a_service_and_adds_a_member(client, coordinator, social_worker_a):
    login(client, coordinator)
    response = client.post(
        reverse("network:area_services"),
        {"servizio-kind": "child_protection", "servizio-name": "Servizi integrativi tutela"},
    )
    assert response.status_code == 302
    service = coordinator.coordinated_area_services.model.objects.get(
        name="Servizi integrativi tutela"
    )
    added = client.post(
        reverse("network:area_service_member_add", args=[service.uuid]),
        {
            "operatore-user": social_worker_a.pk,
            "operatore-role": "Assistente sociale",
            "operatore-joined_on": "2026-03-02",
        },
    )
    assert added.status_code == 302
    member = AreaServiceMember.objects.get()
    removed = client.post(
        reverse("network:area_service_member_remove", args=[service.uuid]),
        {"uscita-member": member.pk, "uscita-left_on": "2026-04-01"},
    )
    assert removed.status_code == 302
    member.refresh_from_db()
    assert member.left_on.isoformat() == "2026-04-01"


def test_the_same_member_twice_is_a_422_in_italian(
    client, coordinator, social_worker_a, foster_centre
):
    services.area_service_member_add(
        actor=coordinator, service=foster_centre, user=social_worker_a, joined_on=DAY
    )
    login(client, coordinator)
    response = client.post(
        reverse("network:area_service_member_add", args=[foster_centre.uuid]),
        {"operatore-user": social_worker_a.pk, "operatore-joined_on": "2026-03-02"},
    )
    assert response.status_code == 422
    assert "fa già parte di questo servizio" in response.content.decode()
    assert AreaServiceMember.objects.count() == 1


def test_a_member_from_another_zone_cannot_be_chosen(
    client, coordinator, foster_centre, worker_other_zone
):
    login(client, coordinator)
    response = client.post(
        reverse("network:area_service_member_add", args=[foster_centre.uuid]),
        {"operatore-user": worker_other_zone.pk, "operatore-joined_on": "2026-03-02"},
    )
    assert response.status_code == 422
    assert "Padani" not in response.content.decode()
    assert not AreaServiceMember.objects.exists()


def test_the_overview_shows_figures_and_no_personal_data(
    client, caseload, coordinator, social_worker_a
):
    login(client, coordinator)
    response = client.get(reverse("network:area_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 · 2" in html  # the foster centre's loads, largest first
    assert "2,5" in html  # mean per member
    for case in caseload.values():
        assert case.number not in html
        assert case.person.last_name not in html
    assert "Lucchesi" not in html and "Giovanna" not in html
    assert social_worker_a.username not in html
    assert "Non fai parte dell'équipe di nessuna cartella aperta." in html


def test_the_overview_links_the_coordinators_own_cases(client, caseload, coordinator, make_case):
    mine = make_case(members=[coordinator], last_name="Sesta")
    login(client, coordinator)
    html = client.get(reverse("network:area_overview")).content.decode()
    assert mine.number in html and reverse("cases:detail", args=[mine.uuid]) in html
    assert "Sesta" not in html


def test_a_third_sector_operator_gets_403_on_services_and_documents(
    client, operator_a, foster_centre, protocol
):
    version = protocol.versions.get()
    login(client, operator_a)
    for url in (
        reverse("network:area_services"),
        reverse("network:area_service", args=[foster_centre.uuid]),
        reverse("network:area_overview"),
        reverse("network:documents"),
        reverse("network:document", args=[protocol.uuid]),
        reverse("network:document_add"),
        reverse("network:document_version_file", args=[version.uuid]),
    ):
        assert client.get(url).status_code == 403, url
    assert not ReadReceipt.objects.exists()


def test_another_zones_document_is_a_404(client, social_worker_a, other_zone_document):
    version = other_zone_document.versions.get()
    login(client, social_worker_a)
    assert (
        client.get(reverse("network:document", args=[other_zone_document.uuid])).status_code == 404
    )
    assert (
        client.get(reverse("network:document_version_file", args=[version.uuid])).status_code == 404
    )
    assert (
        client.post(reverse("network:document_mark_read", args=[version.uuid])).status_code == 404
    )
    assert not ReadReceipt.objects.exists()


def test_the_documents_list_marks_the_unread_and_filters(
    client, coordinator, social_worker_a, protocol, pdf
):
    training = services.shared_document_create(
        actor=coordinator, kind="training", title="Corso di aggiornamento", file=pdf()
    )
    services.document_mark_read(actor=social_worker_a, version=training.versions.get())
    login(client, social_worker_a)
    html = client.get(reverse("network:documents")).content.decode()
    assert html.count('data-testid="unread"') == 1
    assert "Da leggere: 1" in html
    assert "letto da 1 di 1 assistenti sociali" in html
    unread = client.get(reverse("network:documents"), {"da_leggere": "on"}).content.decode()
    assert (
        "Protocollo operativo per gli affidi" in unread and "Corso di aggiornamento" not in unread
    )
    by_kind = client.get(reverse("network:documents"), {"tipo": "training"}).content.decode()
    assert "Corso di aggiornamento" in by_kind and "Protocollo operativo per" not in by_kind


def test_ho_letto_confirms_the_current_version(client, social_worker_a, protocol):
    version = protocol.versions.get()
    login(client, social_worker_a)
    page = client.get(reverse("network:document", args=[protocol.uuid])).content.decode()
    assert "Ho letto" in page
    response = client.post(reverse("network:document_mark_read", args=[version.uuid]))
    assert response.status_code == 302
    client.post(reverse("network:document_mark_read", args=[version.uuid]))
    assert ReadReceipt.objects.filter(user=social_worker_a, version=version).count() == 1
    page = client.get(reverse("network:document", args=[protocol.uuid])).content.decode()
    assert "Hai confermato la lettura di questa versione." in page


def test_downloading_a_version_is_audited_and_counts_as_read(client, social_worker_a, protocol):
    version = protocol.versions.get()
    login(client, social_worker_a)
    response = client.get(reverse("network:document_version_file", args=[version.uuid]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert "protocollo-operativo-per-gli-affidi-v1.pdf" in response["Content-Disposition"]
    assert AccessLog.objects.filter(
        user=social_worker_a, object_uuid=version.uuid, object_type="network.documentversion"
    ).exists()
    assert ReadReceipt.objects.filter(user=social_worker_a, version=version).exists()


def test_a_coordinator_publishes_a_document_and_a_new_version(client, coordinator, foster_centre):
    login(client, coordinator)
    upload = SimpleUploadedFile("p.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("network:document_add"),
        {
            "kind": "procedure",
            "title": "Procedura UVM",
            "area_service": foster_centre.pk,
            "file": upload,
        },
    )
    assert response.status_code == 302
    document = SharedDocument.objects.get()
    assert document.area_service == foster_centre
    second = SimpleUploadedFile("p2.pdf", pdf_bytes("due"), content_type="application/pdf")
    response = client.post(
        reverse("network:document", args=[document.uuid]),
        {"versione-file": second, "versione-note": "Nuovi recapiti"},
    )
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]


def test_a_file_that_is_not_allowed_is_a_422_and_nothing_is_written(client, coordinator):
    login(client, coordinator)
    upload = SimpleUploadedFile("p.html", b"<html><script>x</script>", content_type="text/html")
    response = client.post(
        reverse("network:document_add"), {"kind": "procedure", "title": "X", "file": upload}
    )
    assert response.status_code == 422
    assert "Il file contiene codice HTML o script" in response.content.decode()
    assert not SharedDocument.objects.exists() and not DocumentVersion.objects.exists()


def test_a_social_worker_cannot_add_a_version(client, social_worker_a, protocol):
    login(client, social_worker_a)
    upload = SimpleUploadedFile("p.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        reverse("network:document", args=[protocol.uuid]), {"versione-file": upload}
    )
    assert response.status_code == 403
    assert protocol.versions.count() == 1


def test_receipts_on_the_page_follow_who_may_see_them(
    client, coordinator, social_worker_a, worker_2, protocol
):
    version = protocol.versions.get()
    services.document_mark_read(actor=worker_2, version=version)
    login(client, social_worker_a)
    assert (
        "Lucchesi"
        not in client.get(reverse("network:document", args=[protocol.uuid])).content.decode()
    )
    login(client, coordinator)
    assert (
        "Lucchesi" in client.get(reverse("network:document", args=[protocol.uuid])).content.decode()
    )


def test_a_coordinator_edits_the_service_and_archives_a_document(
    client, coordinator, foster_centre, protocol
):
    login(client, coordinator)
    page = client.get(reverse("network:area_service", args=[foster_centre.uuid]))
    assert page.status_code == 200 and "Modifica il servizio" in page.content.decode()
    response = client.post(
        reverse("network:area_service", args=[foster_centre.uuid]),
        {"servizio-kind": "foster_care", "servizio-name": "", "servizio-email": "x"},
    )
    assert response.status_code == 422
    foster_centre.refresh_from_db()
    assert foster_centre.name == "Centro affidi della Piana"
    response = client.post(
        reverse("network:area_service", args=[foster_centre.uuid]),
        {"servizio-kind": "foster_care", "servizio-name": "Centro affidi zonale"},
    )
    assert response.status_code == 302
    foster_centre.refresh_from_db()
    assert foster_centre.name == "Centro affidi zonale"
    archived = client.post(reverse("network:document_archive", args=[protocol.uuid]))
    assert archived.status_code == 302
    protocol.refresh_from_db()
    assert protocol.archived_on is not None
    listing = client.get(reverse("network:documents")).content.decode()
    assert "Protocollo operativo per gli affidi" not in listing
    assert (
        "Protocollo operativo per gli affidi"
        in client.get(reverse("network:documents"), {"archiviati": "on"}).content.decode()
    )
