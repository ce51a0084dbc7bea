"""The pact's lines and the adhesions: who signs, when, the adherents at a date, the
withdrawal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network.models import Adhesion
from ambito.network.selectors import pact as selectors
from ambito.network.services import pact as services
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign(actor, pact, organisation, on=dt.date(2026, 2, 1), **extra):
    return services.adhesion_sign(
        actor=actor,
        pact=pact,
        organisation=organisation,
        signed_on=on,
        signatory="Legale rappresentante",
        **extra,
    )


def test_the_plan_office_adds_a_line_to_the_pact(planner, pact):
    line = services.pact_line_add(actor=planner, pact=pact, code="L3", title="Contrasto povertà")
    assert line.plan == pact
    assert list(selectors.lines_for(user=planner, pact=pact)) == [line]


def test_a_line_is_added_only_to_a_pact(planner):
    from ambito.planning import services as planning

    plan = planning.plan_create(
        actor=planner,
        kind="zone_plan" if "zone_plan" in _kinds() else _kinds()[0],
        title="Piano di zona",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError) as exc_info:
        services.pact_line_add(actor=planner, pact=plan, code="L1", title="Linea")
    assert "non è un patto" in " ".join(exc_info.value.messages)


def _kinds():
    from ambito.planning.choices import PlanKind

    return [k for k in PlanKind.values if k != "pact"]


def test_an_operator_cannot_add_a_line(operator_a, pact):
    with pytest.raises(NotAllowed):
        services.pact_line_add(actor=operator_a, pact=pact, code="L9", title="Linea")


def test_the_adherents_at_a_date_are_those_signed_and_not_withdrawn(planner, pact, body_a, body_b):
    a = sign(planner, pact, body_a, on=dt.date(2026, 2, 1))
    sign(planner, pact, body_b, on=dt.date(2026, 5, 1))
    services.adhesion_withdraw(
        actor=planner, adhesion=a, withdrawn_on=dt.date(2026, 6, 30), reason="Scioglimento"
    )

    def names(on):
        return [o.name for o in selectors.adherents_on(user=planner, pact=pact, on=on)]

    assert names(dt.date(2026, 1, 15)) == []
    assert names(dt.date(2026, 3, 1)) == [body_a.name]
    assert names(dt.date(2026, 6, 1)) == [body_a.name, body_b.name]
    assert names(dt.date(2026, 6, 30)) == [body_b.name]


def test_an_operator_signs_for_their_organisation_with_the_signed_act(operator_a, pact, body_a):
    upload = SimpleUploadedFile("patto firmato.pdf", PDF, content_type="application/pdf")
    adhesion = sign(operator_a, pact, body_a, document=upload)
    assert adhesion.recorded_by == operator_a
    assert adhesion.file_name == "patto firmato.pdf"
    assert "firmato" not in adhesion.file.name
    assert EventLog.objects.filter(object_uuid=adhesion.uuid, action="create").exists()


def test_an_operator_cannot_sign_for_another_organisation(operator_a, pact, body_b):
    with pytest.raises(NotAllowed) as exc_info:
        sign(operator_a, pact, body_b)
    assert exc_info.value.hide
    assert not Adhesion.objects.exists()


def test_the_assembly_reads_but_cannot_record_an_adhesion(assembly_member, pact, body_a):
    with pytest.raises(NotAllowed):
        sign(assembly_member, pact, body_a)
    assert not Adhesion.objects.exists()


def test_a_second_open_adhesion_is_refused_in_italian(planner, pact, body_a):
    sign(planner, pact, body_a)
    with pytest.raises(ValidationError) as exc_info:
        sign(planner, pact, body_a, on=dt.date(2026, 3, 1))
    assert "ha già un'adesione in corso" in " ".join(exc_info.value.messages)
    assert Adhesion.objects.count() == 1


def test_after_a_withdrawal_the_body_may_sign_again(planner, pact, body_a):
    first = sign(planner, pact, body_a)
    services.adhesion_withdraw(
        actor=planner, adhesion=first, withdrawn_on=dt.date(2026, 3, 1), reason="Riorganizzazione"
    )
    sign(planner, pact, body_a, on=dt.date(2026, 4, 1))
    assert Adhesion.objects.filter(organisation=body_a).count() == 2


def test_a_signature_in_the_future_or_after_the_pact_and_without_signatory_is_refused_at_once(
    planner, pact, body_a
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc_info:
        services.adhesion_sign(
            actor=planner, pact=pact, organisation=body_a, signed_on=tomorrow, signatory=" "
        )
    errors = exc_info.value.message_dict
    assert "futura" in " ".join(errors["signed_on"])
    assert "signatory" in errors
    pact.period_end = timezone.localdate() - dt.timedelta(days=10)
    pact.save()
    with pytest.raises(ValidationError) as exc_info:
        sign(planner, pact, body_a, on=timezone.localdate())
    assert "scaduto" in " ".join(exc_info.value.messages)
    assert not Adhesion.objects.exists()


def test_an_organisation_of_another_zone_cannot_adhere(planner, pact, zone_b):
    other = OrganisationFactory(zone=zone_b, kind="third_sector", name="Altrove", legal_form="ODV")
    with pytest.raises(NotAllowed):
        sign(planner, pact, other)
    assert not Adhesion.objects.exists()


def test_a_document_that_is_not_a_pdf_or_an_image_is_refused(planner, pact, body_a):
    upload = SimpleUploadedFile("atto.pdf", b"<html><script>x</script>", content_type="text/html")
    with pytest.raises(ValidationError) as exc_info:
        sign(planner, pact, body_a, document=upload)
    assert "document" in exc_info.value.message_dict
    assert not Adhesion.objects.exists()


def test_a_withdrawal_needs_a_reason_and_a_date_not_before_the_signature(planner, pact, body_a):
    adhesion = sign(planner, pact, body_a, on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError) as exc_info:
        services.adhesion_withdraw(
            actor=planner, adhesion=adhesion, withdrawn_on=dt.date(2026, 2, 1), reason=""
        )
    errors = exc_info.value.message_dict
    assert "precedere la sottoscrizione" in " ".join(errors["withdrawn_on"])
    assert "motivo" in " ".join(errors["reason"])
    adhesion.refresh_from_db()
    assert adhesion.withdrawn_on is None


def test_a_withdrawal_is_logged_by_field_names(operator_a, pact, body_a):
    adhesion = sign(operator_a, pact, body_a)
    services.adhesion_withdraw(
        actor=operator_a, adhesion=adhesion, withdrawn_on=dt.date(2026, 4, 1), reason="Motivo"
    )
    event = EventLog.objects.filter(object_uuid=adhesion.uuid, action="update").get()
    assert event.fields == ["withdrawal_reason", "withdrawn_on"]
    assert "Motivo" not in event.note


def test_an_operator_sees_only_their_organisations_adhesions(
    planner, operator_a, operator_b, pact, body_a, body_b
):
    sign(planner, pact, body_a)
    sign(planner, pact, body_b)
    on = dt.date(2026, 6, 1)
    assert [o.name for o in selectors.adherents_on(user=operator_a, pact=pact, on=on)] == [
        body_a.name
    ]
    assert selectors.adherents_on(user=planner, pact=pact, on=on).count() == 2
