# ruff: noqa: F811 (the fixtures imported from test_agreements are used as arguments)
"""The agreements' pages: the list and its filters, a new agreement (422 with the Italian
errors), the detail with its forms for the plan office, the document, and the scoping (an
operator sees their organisation's only; another's is a 404)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from ambito.core.models import AccessLog
from ambito.network.models import Agreement
from ambito.network.services import agreements as services
from tests.conftest import login
from tests.network.test_agreements import (  # noqa: F401 (fixtures)
    agreement_a,
    agreement_b,
    new_agreement,
    service_a,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_the_plan_office_lists_every_agreement_and_filters_the_expiring(
    client, planner, body_a, body_b
):
    with freeze_time("2026-12-06 10:00"):
        new_agreement(planner, body_a, "SCADE", ends_on=dt.date(2027, 1, 15))
        new_agreement(planner, body_b, "VIGORE", ends_on=dt.date(2027, 12, 31))
        login(client, planner)
        page = client.get(reverse("network:agreements"))
        assert page.status_code == 200
        assert "SCADE" in page.content.decode() and "VIGORE" in page.content.decode()
        page = client.get(reverse("network:agreements"), {"stato": "in-scadenza"})
        text = page.content.decode()
        assert "SCADE" in text and "VIGORE" not in text
        assert "In scadenza" in text
        page = client.get(reverse("network:agreements"), {"ente": str(body_b.uuid)})
        assert "VIGORE" in page.content.decode() and "SCADE" not in page.content.decode()


def test_an_operator_sees_only_their_agreements_and_a_404_on_anothers(
    client, operator_a, agreement_a, agreement_b
):
    login(client, operator_a)
    text = client.get(reverse("network:agreements")).content.decode()
    assert "CONV-1" in text and "CONV-B" not in text
    assert "Cooperativa Beta" not in text  # not even among the filter's organisations
    assert client.get(reverse("network:agreement", args=[agreement_a.uuid])).status_code == 200
    assert client.get(reverse("network:agreement", args=[agreement_b.uuid])).status_code == 404
    assert (
        client.get(reverse("network:agreement_document", args=[agreement_b.uuid])).status_code
        == 404
    )
    # No forms of the plan office for an operator, and a POST is refused.
    page = client.get(reverse("network:agreement", args=[agreement_a.uuid]))
    assert b'data-testid="renew-form"' not in page.content
    response = client.post(
        reverse("network:agreement", args=[agreement_a.uuid]),
        {"azione": "cessazione", "cessazione-on": "2026-06-30", "cessazione-reason": "x"},
    )
    assert response.status_code == 403
    assert client.get(reverse("network:agreement_add")).status_code == 403


def test_another_zones_plan_office_gets_a_404(client, planner_other_zone, agreement_a):
    login(client, planner_other_zone)
    assert client.get(reverse("network:agreement", args=[agreement_a.uuid])).status_code == 404


def test_a_new_agreement_with_its_document_and_a_bad_one_re_rendered_with_422(
    client, planner, body_a, service_a, line_1
):
    login(client, planner)
    url = reverse("network:agreement_add")
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "N-1",
            "subject": "Trasporto",
            "starts_on": "2026-06-01",
            "ends_on": "2026-05-01",
        },
    )
    assert bad.status_code == 422
    assert "La convenzione non può terminare prima di iniziare." in bad.content.decode()
    assert not Agreement.objects.exists()
    good = client.post(
        url,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "N-1",
            "subject": "Trasporto",
            "line": str(line_1.uuid),
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount": "1500,50",
            "services": [str(service_a.uuid)],
            "document": SimpleUploadedFile("convenzione.pdf", PDF, "application/pdf"),
        },
    )
    agreement = Agreement.objects.get()
    assert good.status_code == 302
    assert good["Location"] == reverse("network:agreement", args=[agreement.uuid])
    assert str(agreement.amount) == "1500.50"
    assert agreement.file_name == "convenzione.pdf"
    assert "convenzione" not in agreement.file.name  # a random stored name
    page = client.get(reverse("network:agreement", args=[agreement.uuid]))
    assert page.status_code == 200
    assert "Trasporto sociale" in page.content.decode()
    download = client.get(reverse("network:agreement_document", args=[agreement.uuid]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    reads = AccessLog.objects.filter(object_uuid=agreement.uuid, user=planner)
    assert reads.count() == 2
    assert reads.filter(detail__documento=True).exists()


def test_the_plan_office_renews_and_terminates_from_the_page(client, planner, agreement_a):
    login(client, planner)
    url = reverse("network:agreement", args=[agreement_a.uuid])
    overlap = client.post(
        url,
        {
            "azione": "rinnovo",
            "rinnovo-number": "CONV-2",
            "rinnovo-starts_on": "2026-12-01",
            "rinnovo-ends_on": "2027-12-31",
        },
    )
    assert overlap.status_code == 422
    assert "01/01/2027" in overlap.content.decode()
    renewed = client.post(
        url,
        {
            "azione": "rinnovo",
            "rinnovo-number": "CONV-2",
            "rinnovo-starts_on": "2027-01-01",
            "rinnovo-ends_on": "2027-12-31",
        },
    )
    renewal = Agreement.objects.get(number="CONV-2")
    assert renewed.status_code == 302 and renewal.renews == agreement_a
    page = client.get(reverse("network:agreement", args=[renewal.uuid]))
    assert "CONV-1" in page.content.decode()  # the chain
    done = client.post(
        reverse("network:agreement", args=[renewal.uuid]),
        {"azione": "cessazione", "cessazione-on": "2027-06-30", "cessazione-reason": "Recesso"},
    )
    assert done.status_code == 302
    renewal.refresh_from_db()
    assert renewal.terminated_on == dt.date(2027, 6, 30)


def test_the_plan_office_edits_from_the_page(client, planner, agreement_a, body_a, service_a):
    login(client, planner)
    response = client.post(
        reverse("network:agreement", args=[agreement_a.uuid]),
        {
            "azione": "modifica",
            "modifica-organisation": str(body_a.uuid),
            "modifica-kind": "volunteer",
            "modifica-number": "CONV-1",
            "modifica-subject": "Oggetto nuovo",
            "modifica-starts_on": "2026-01-01",
            "modifica-ends_on": "2026-12-31",
            "modifica-services": [str(service_a.uuid)],
        },
    )
    assert response.status_code == 302
    agreement_a.refresh_from_db()
    assert agreement_a.subject == "Oggetto nuovo"
    assert agreement_a.amount is None  # the field left empty on the form
    services.agreement_terminate(
        actor=planner, agreement=agreement_a, on=dt.date(2026, 6, 1), reason="Recesso"
    )
    page = client.get(reverse("network:agreement", args=[agreement_a.uuid]))
    assert b'data-testid="edit-form"' not in page.content
