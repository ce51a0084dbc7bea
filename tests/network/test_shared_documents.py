"""Shared documents: version 1 on creation, the next number under a lock, read receipts once
per user and version (a new version is to read again), "read by N of M social workers", who
sees whose receipt, a file that is not a PDF/JPEG/PNG refused with nothing written."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network.models import DocumentVersion, ReadReceipt, SharedDocument
from ambito.network.selectors import coordination as selectors
from ambito.network.services import coordination as services
from tests.factories import UserFactory

from .test_coordination import *  # noqa: F403  (the cast: fixtures only)

pytestmark = pytest.mark.django_db


@pytest.fixture
def protocol(coordinator, pdf, foster_centre):
    return services.shared_document_create(
        actor=coordinator,
        kind="protocol",
        title="Protocollo operativo per gli affidi",
        area_service=foster_centre,
        file=pdf(),
        note="Prima stesura",
    )


def test_creating_a_document_makes_its_version_1(protocol, coordinator):
    (version,) = protocol.versions.all()
    assert version.number == 1 and version.note == "Prima stesura"
    assert version.content_type == "application/pdf" and version.file_name == "protocollo.pdf"
    assert "protocollo" not in version.file.name  # a random stored name
    log = EventLog.objects.get(object_uuid=protocol.uuid, action="create")
    assert "title" in log.fields


def test_versions_are_numbered_last_plus_one(protocol, coordinator, pdf):
    second = services.shared_document_add_version(
        actor=coordinator, document=protocol, file=pdf(text="due"), note="Aggiornato"
    )
    third = services.shared_document_add_version(
        actor=coordinator, document=protocol, file=pdf(text="tre"), note=""
    )
    assert (second.number, third.number) == (2, 3)
    assert selectors.document_get(user=coordinator, uuid=protocol.uuid).current_number == 3


def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_and_nothing_is_written(
    coordinator, protocol
):
    text = SimpleUploadedFile("note.txt", b"solo testo", content_type="text/plain")
    events = EventLog.objects.count()
    with pytest.raises(ValidationError) as error:
        services.shared_document_create(actor=coordinator, kind="procedure", title="X", file=text)
    assert error.value.message_dict == {
        "file": ["Tipo di file non ammesso: carica un PDF o un'immagine JPEG o PNG."]
    }
    text.seek(0)
    with pytest.raises(ValidationError):
        services.shared_document_add_version(actor=coordinator, document=protocol, file=text)
    assert SharedDocument.objects.count() == 1 and DocumentVersion.objects.count() == 1
    assert EventLog.objects.count() == events


def test_a_document_needs_a_kind_a_title_and_a_file(coordinator):
    with pytest.raises(ValidationError) as error:
        services.shared_document_create(actor=coordinator, kind="", title=" ", file=None)
    assert set(error.value.message_dict) == {"kind", "title", "file"}
    assert not SharedDocument.objects.exists()


def test_a_social_worker_may_not_publish(social_worker_a, pdf, protocol):
    with pytest.raises(NotAllowed):
        services.shared_document_create(
            actor=social_worker_a, kind="other", title="Nota", file=pdf()
        )
    with pytest.raises(NotAllowed):
        services.shared_document_add_version(actor=social_worker_a, document=protocol, file=pdf())


def test_a_read_receipt_is_once_per_user_and_version_and_a_new_version_is_unread_again(
    protocol, coordinator, social_worker_a, pdf
):
    first = protocol.versions.get()
    assert list(selectors.unread_documents(user=social_worker_a)) == [protocol]
    receipt = services.document_mark_read(actor=social_worker_a, version=first)
    again = services.document_mark_read(actor=social_worker_a, version=first)
    assert receipt.pk == again.pk and ReadReceipt.objects.count() == 1
    assert EventLog.objects.filter(object_uuid=first.uuid, action="create").count() == 1
    assert list(selectors.unread_documents(user=social_worker_a)) == []
    second = services.shared_document_add_version(
        actor=coordinator, document=protocol, file=pdf(text="due"), note="Aggiornato"
    )
    assert list(selectors.unread_documents(user=social_worker_a)) == [protocol]
    services.document_mark_read(actor=social_worker_a, version=second)
    assert list(selectors.unread_documents(user=social_worker_a)) == []
    assert ReadReceipt.objects.filter(user=social_worker_a).count() == 2


def test_read_by_n_of_the_zones_social_workers(
    protocol, social_worker_a, worker_2, worker_other_zone, coordinator
):
    version = protocol.versions.get()
    services.document_mark_read(actor=social_worker_a, version=version)
    services.document_mark_read(actor=coordinator, version=version)  # not a social worker
    (row,) = selectors.with_readership(selectors.documents(user=coordinator))
    assert (row.readers.read, row.readers.of) == (1, 2)


def test_a_social_worker_from_another_membership_counts_in_that_zone(protocol, zone_a, zone_b):
    from ambito.core.models import Membership
    from ambito.core.roles import role_group

    moved = UserFactory(zone=zone_b, roles=["social_worker"])
    membership = Membership.objects.create(user=moved, zone=zone_a)
    membership.roles.set([role_group("social_worker")])
    assert moved in selectors.zone_social_workers(zone_a.pk)


def test_who_read_a_version_is_for_the_coordinators_and_the_author(
    protocol, coordinator, social_worker_a, worker_2
):
    version = protocol.versions.get()
    services.document_mark_read(actor=social_worker_a, version=version)
    services.document_mark_read(actor=worker_2, version=version)
    everyone = selectors.document_page(user=coordinator, document=protocol)
    assert {r.user for r in everyone["versions"][0].shown_receipts} == {social_worker_a, worker_2}
    own = selectors.document_page(user=social_worker_a, document=protocol)
    assert [r.user for r in own["versions"][0].shown_receipts] == [social_worker_a]
    assert own["all_receipts"] is False and own["read_current"] is True
    assert [r.user for r in selectors.receipts_of(user=worker_2, version=version)] == [worker_2]


def test_another_zone_and_a_third_sector_operator_cannot_read_or_confirm(
    protocol, worker_other_zone, operator_a
):
    version = protocol.versions.get()
    for user in (worker_other_zone, operator_a):
        assert not selectors.documents(user=user).exists()
        with pytest.raises(NotAllowed) as refused:
            services.document_mark_read(actor=user, version=version)
        assert refused.value.hide
    assert not ReadReceipt.objects.exists()


def test_an_archived_document_leaves_the_list_and_takes_no_new_version(protocol, coordinator, pdf):
    services.shared_document_archive(actor=coordinator, document=protocol)
    assert not selectors.documents(user=coordinator).exists()
    assert list(selectors.documents(user=coordinator, archived=True)) == [protocol]
    with pytest.raises(ValidationError) as error:
        services.shared_document_add_version(actor=coordinator, document=protocol, file=pdf())
    assert "archiviato" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError):
        services.shared_document_archive(
            actor=coordinator, document=protocol, archived_on=dt.date(2026, 1, 1)
        )


def test_filters_by_kind_and_area_service(protocol, coordinator, pdf, anti_violence_centre):
    other = services.shared_document_create(
        actor=coordinator, kind="training", title="Corso sulla violenza di genere", file=pdf()
    )
    assert list(selectors.documents(user=coordinator, kind="training")) == [other]
    assert list(selectors.documents(user=coordinator, area_service=protocol.area_service)) == [
        protocol
    ]
    assert not selectors.documents(user=coordinator, area_service=anti_violence_centre).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_new_versions_at_the_same_moment_get_the_next_two_numbers(coordinator, pdf, protocol):
    barrier = threading.Barrier(2)
    numbers, failures = [], []

    def upload(text):
        try:
            barrier.wait()
            version = services.shared_document_add_version(
                actor=coordinator, document=protocol, file=pdf(text=text)
            )
            numbers.append(version.number)
        except Exception as error:  # pragma: no cover - what the test would report
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(t,)) for t in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and sorted(numbers) == [2, 3]
