"""The API of the area services and of the shared documents, scoped as the pages: lists in the
one envelope, the overview's figures, a new version by multipart (a bad file is a 422 in
Italian, nothing written), the read receipt once per user and version."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ambito.network.models import DocumentVersion, ReadReceipt
from ambito.network.services import coordination as services
from tests.conftest import login
from tests.factories import UserFactory

from .test_coordination import *  # noqa: F403  (the cast: fixtures only)
from .test_coordination import pdf_bytes

pytestmark = pytest.mark.django_db

API = "/api/v1/rete"


@pytest.fixture
def protocol(coordinator, pdf, foster_centre):
    return services.shared_document_create(
        actor=coordinator,
        kind="protocol",
        title="Protocollo operativo per gli affidi",
        area_service=foster_centre,
        file=pdf(),
    )


def test_the_area_services_with_their_members(client, caseload, social_worker_a, foster_centre):
    body = login(client, social_worker_a).get(f"{API}/area-services").json()
    assert body["count"] == 2 and body["next"] is None
    foster = next(s for s in body["items"] if s["uuid"] == str(foster_centre.uuid))
    assert len(foster["members"]) == 2 and foster["kind"] == "foster_care"
    one = client.get(f"{API}/area-services/{foster_centre.uuid}")
    assert one.status_code == 200 and one.json()["name"] == "Centro affidi della Piana"


def test_the_overview_figures(client, caseload, coordinator):
    body = login(client, coordinator).get(f"{API}/area-services/overview").json()
    foster = next(s for s in body["services"] if s["kind"] == "foster_care")
    assert (foster["workers"], foster["open_cases"], foster["loads"]) == (2, 4, [3, 2])
    assert (body["workers"], body["open_cases"], body["my_cases"]) == (2, 4, [])
    assert "Lucchesi" not in str(body)


def test_the_overview_is_for_who_coordinates(client, caseload, social_worker_a):
    response = login(client, social_worker_a).get(f"{API}/area-services/overview")
    assert response.status_code == 403


def test_a_third_sector_operator_is_refused(client, operator_a, foster_centre, protocol):
    version = protocol.versions.get()
    login(client, operator_a)
    for url in (
        f"{API}/area-services",
        f"{API}/area-services/{foster_centre.uuid}",
        f"{API}/documents",
        f"{API}/documents/{protocol.uuid}",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{API}/document-versions/{version.uuid}/read").status_code == 403
    assert not ReadReceipt.objects.exists()


def test_another_zones_service_and_document_are_404(client, foster_centre, protocol, zone_b):
    worker = UserFactory(zone=zone_b, roles=["social_worker"])
    login(client, worker)
    assert client.get(f"{API}/area-services/{foster_centre.uuid}").status_code == 404
    assert client.get(f"{API}/documents/{protocol.uuid}").status_code == 404
    version = protocol.versions.get()
    assert client.post(f"{API}/document-versions/{version.uuid}/read").status_code == 404
    assert client.get(f"{API}/documents").json()["count"] == 0


def test_documents_with_versions_and_a_read_receipt_once(client, social_worker_a, protocol):
    login(client, social_worker_a)
    (row,) = client.get(f"{API}/documents").json()["items"]
    assert row["current_version"] == 1 and row["read_by_me"] is False
    assert (row["read_by"], row["social_workers"]) == (0, 1)
    version = protocol.versions.get()
    first = client.post(f"{API}/document-versions/{version.uuid}/read")
    second = client.post(f"{API}/document-versions/{version.uuid}/read")
    assert first.status_code == second.status_code == 201
    assert first.json()["read_at"] == second.json()["read_at"]
    assert ReadReceipt.objects.count() == 1
    detail = client.get(f"{API}/documents/{protocol.uuid}").json()
    assert detail["read_by_me"] is True and detail["read_by"] == 1
    (v1,) = detail["versions"]
    assert v1["number"] == 1 and len(v1["receipts"]) == 1
    assert client.get(f"{API}/documents", {"unread": True}).json()["count"] == 0


def test_a_new_version_by_multipart_is_unread_again(client, coordinator, social_worker_a, protocol):
    services.document_mark_read(actor=social_worker_a, version=protocol.versions.get())
    login(client, coordinator)
    upload = SimpleUploadedFile("v2.pdf", pdf_bytes("due"), content_type="application/pdf")
    response = client.post(
        f"{API}/documents/{protocol.uuid}/versions", {"file": upload, "note": "Aggiornato"}
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2 and response.json()["note"] == "Aggiornato"
    login(client, social_worker_a)
    unread = client.get(f"{API}/documents", {"unread": True}).json()
    assert [d["uuid"] for d in unread["items"]] == [str(protocol.uuid)]


def test_a_version_that_is_not_a_pdf_jpeg_or_png_is_a_422_in_italian(client, coordinator, protocol):
    login(client, coordinator)
    upload = SimpleUploadedFile("v2.gif", b"GIF89a....", content_type="image/gif")
    response = client.post(f"{API}/documents/{protocol.uuid}/versions", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"]["file"] == [
        "Tipo di file non ammesso: carica un PDF o un'immagine JPEG o PNG."
    ]
    assert DocumentVersion.objects.count() == 1


def test_a_social_worker_cannot_post_a_version(client, social_worker_a, protocol):
    login(client, social_worker_a)
    upload = SimpleUploadedFile("v2.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(f"{API}/documents/{protocol.uuid}/versions", {"file": upload})
    assert response.status_code == 403
    assert DocumentVersion.objects.count() == 1
