"""The social report: drafted from the zone's template filled from the record, saved in
versions (the previous kept), signed (the signed version frozen, its SHA-256 stored) and
delivered: on time on or before the due date, late after it."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from freezegun import freeze_time

from ambito.protection.models import ReportVersion
from ambito.protection.selectors.orders import deadline_figures
from ambito.protection.services import reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(order, social_worker_a, template):
    return reports.report_draft(actor=social_worker_a, order=order, template=template)


def test_the_draft_is_the_template_filled_from_the_record(report, case):
    text = report.versions.get().body
    assert "Relazione sul minore Sofia Rossi, nato/a il 12/04/2015." in text
    assert f"Cartella {case.number}" in text
    assert "Richiesta di indagine socio-familiare RG 123/2026 V.G. del 01/04/2026" in text
    assert "Tribunale per i minorenni" in text
    assert "Mario Rossi" in text and "Sofia Rossi" in text


def test_a_template_cannot_reach_beyond_the_record(zone_a, tutela):
    for body in ("{% include 'base.html' %}", "{% load static %}", "{% for p in nucleo %}"):
        with pytest.raises(ValidationError) as refused:
            reports.template_save(actor=tutela, name="Prova", body=body)
        assert "segnaposto non valido" in refused.value.message_dict["body"][0]


def test_a_template_renders_no_model_attribute(order, tutela):
    template = reports.template_save(
        actor=tutela, name="Prova", body="[{{ order.case.person.fiscal_code }}{{ settings }}]"
    )
    assert reports.render_report(template.body, order) == "[]"


def test_every_save_is_a_new_version_and_the_previous_is_kept(report, social_worker_a):
    first = report.versions.get().body
    reports.report_save(actor=social_worker_a, report=report, body=first + "\nAggiornamento.")
    reports.report_save(actor=social_worker_a, report=report, body="Terza stesura.")
    assert list(report.versions.values_list("number", flat=True)) == [3, 2, 1]
    assert report.versions.get(number=1).body == first


def test_signing_freezes_the_latest_version_with_its_sha256(report, social_worker_a):
    reports.report_save(actor=social_worker_a, report=report, body="Testo definitivo.")
    signed = reports.report_sign(actor=social_worker_a, report=report)
    assert signed.status == "signed"
    assert signed.signed_version.number == 2
    assert signed.signed_by == social_worker_a
    assert signed.signed_sha256 == hashlib.sha256(b"Testo definitivo.").hexdigest()
    with pytest.raises(ValidationError) as refused:
        reports.report_save(actor=social_worker_a, report=signed, body="Ritocco.")
    assert "firmata" in refused.value.message_dict["body"][0]
    assert ReportVersion.objects.filter(report=report).count() == 2


def test_delivery_on_the_due_date_is_on_time(report, social_worker_a, order):
    with freeze_time("2026-05-04 09:00"):
        reports.report_sign(actor=social_worker_a, report=report)
    delivered = reports.report_deliver(
        actor=social_worker_a,
        report=report,
        delivered_on=dt.date(2026, 5, 4),
        protocol_number="PG 4711/2026",
    )
    assert delivered.on_time is True
    order.refresh_from_db()
    assert order.status == "reported"


def test_delivery_after_the_due_date_is_late_and_counted_so(report, social_worker_a, planner):
    with freeze_time("2026-05-01 09:00"):
        report = reports.report_sign(actor=social_worker_a, report=report)
    delivered = reports.report_deliver(
        actor=social_worker_a,
        report=report,
        delivered_on=dt.date(2026, 5, 5),
        protocol_number="PG 4800/2026",
    )
    assert delivered.on_time is False
    figures = deadline_figures(planner, year=2026)
    assert (figures.total.due, figures.total.on_time, figures.total.late) == (1, 0, 1)
    assert figures.rows[0].authority_label == "Tribunale per i minorenni"


def test_delivery_needs_a_signature_a_protocol_and_a_sensible_date(report, social_worker_a):
    with pytest.raises(ValidationError) as refused:
        reports.report_deliver(
            actor=social_worker_a,
            report=report,
            delivered_on=dt.date(2026, 3, 1),
            protocol_number=" ",
        )
    errors = refused.value.message_dict
    assert errors["status"] == ["Firma la relazione prima di consegnarla."]
    assert errors["protocol_number"] == ["Indica il numero di protocollo della consegna."]
    assert "precedere la data del provvedimento" in errors["delivered_on"][0]
    report.refresh_from_db()
    assert (report.status, report.delivered_on, report.protocol_number) == ("draft", None, "")


def test_one_report_per_order(report, social_worker_a, order):
    with pytest.raises(ValidationError):
        reports.report_draft(actor=social_worker_a, order=order)


def test_a_signed_version_cannot_be_deleted_alone_only_with_its_report(report, social_worker_a):
    from django.db.models import RestrictedError

    signed = reports.report_sign(actor=social_worker_a, report=report)
    with pytest.raises(RestrictedError):
        signed.signed_version.delete()
    signed.delete()
    assert not ReportVersion.objects.exists()
