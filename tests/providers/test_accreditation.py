"""Accreditation through its services: a provider applies, uploads a document per
requirement and submits; the plan office reviews each requirement and accredits with a
validity (or must reject when a requirement is not met); suspension, reinstatement,
revocation, the expiry job and the renewal chain. Every change leaves a history row."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.providers import accreditation_workflow as workflow
from ambito.providers.models import (
    AccreditationApplication,
    AccreditationScheme,
    ApplicationTransition,
    RequirementEvidence,
)
from ambito.providers.selectors.accreditation import (
    accreditation_on,
    accreditations_expiring,
    accredited_providers,
)
from ambito.providers.services import accreditation as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TODAY = dt.date(2026, 3, 2)


def pdf(name="documento.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def requirements(scheme):
    return list(scheme.requirements.order_by("position"))


@pytest.fixture(autouse=True)
def _today():
    with freeze_time("2026-03-02 10:00"):
        yield


@pytest.fixture
def draft(operator_2, provider_2, accreditation_scheme):
    return services.application_create(
        actor=operator_2, scheme=accreditation_scheme, provider=provider_2
    )


def upload_all(actor, application):
    for requirement in requirements(application.scheme):
        services.evidence_upload(
            actor=actor, application=application, requirement=requirement, upload=pdf()
        )


@pytest.fixture
def in_review(draft, operator_2, planner):
    upload_all(operator_2, draft)
    services.application_submit(actor=operator_2, application=draft)
    return services.application_start_review(actor=planner, application=draft)


def review_all(planner, application, outcome="met"):
    for evidence in application.evidence.all():
        services.requirement_review(actor=planner, evidence=evidence, outcome=outcome, note="ok")


@pytest.fixture
def accredited(in_review, planner):
    review_all(planner, in_review)
    return services.application_decide(
        actor=planner,
        application=in_review,
        accredit=True,
        decision_act="Determina 40/2026",
        valid_from=dt.date(2026, 3, 1),
    )


def states(application):
    return list(
        ApplicationTransition.objects.filter(application=application)
        .order_by("at", "pk")
        .values_list("from_state", "to_state")
    )


def test_the_whole_lifecycle_applies_uploads_submits_reviews_and_accredits_for_the_validity(
    accredited, accreditation_scheme, provider_2
):
    accredited.refresh_from_db()
    assert accredited.state == "accredited"
    assert accredited.valid_from == dt.date(2026, 3, 1)
    # 36 months less a day.
    assert accredited.valid_until == dt.date(2029, 2, 28)
    assert accredited.submitted_at is not None and accredited.decided_at is not None
    assert states(accredited) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "under_review"),
        ("under_review", "accredited"),
    ]
    assert accreditation_on(provider_2, accreditation_scheme, TODAY) == accredited
    assert provider_2 in accredited_providers(accreditation_scheme, TODAY)
    assert EventLog.objects.filter(object_uuid=accredited.uuid, note="accredit").exists()


def test_the_validity_end_may_be_given(in_review, planner):
    review_all(planner, in_review)
    services.application_decide(
        actor=planner,
        application=in_review,
        accredit=True,
        decision_act="Determina 40/2026",
        valid_from=dt.date(2026, 3, 1),
        valid_until=dt.date(2026, 12, 31),
    )
    in_review.refresh_from_db()
    assert in_review.valid_until == dt.date(2026, 12, 31)


def test_submission_is_refused_without_the_documents_and_nothing_changes(draft, operator_2):
    first = requirements(draft.scheme)[0]
    services.evidence_upload(actor=operator_2, application=draft, requirement=first, upload=pdf())
    with pytest.raises(ValidationError) as refused:
        services.application_submit(actor=operator_2, application=draft)
    assert "Manca il documento per: 2. Personale qualificato" in str(refused.value)
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.submitted_at is None
    assert states(draft) == [("", "draft")]


def test_submission_is_refused_when_the_window_is_closed(draft, operator_2, accreditation_scheme):
    upload_all(operator_2, draft)
    AccreditationScheme.objects.filter(pk=accreditation_scheme.pk).update(
        closes_on=dt.date(2026, 2, 28)
    )
    with pytest.raises(ValidationError) as refused:
        services.application_submit(actor=operator_2, application=draft)
    assert "Il termine per le domande è scaduto il 28/02/2026." in str(refused.value)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_only_pdf_jpeg_or_png_are_accepted_as_evidence(draft, operator_2):
    requirement = requirements(draft.scheme)[0]
    html = SimpleUploadedFile("a.pdf", b"<html><script>x</script></html>", "application/pdf")
    with pytest.raises(ValidationError):
        services.evidence_upload(
            actor=operator_2, application=draft, requirement=requirement, upload=html
        )
    evidence = RequirementEvidence.objects.get(application=draft, requirement=requirement)
    assert not evidence.file


def test_a_requirement_not_met_forces_the_rejection_never_the_accreditation(in_review, planner):
    first, second = in_review.evidence.order_by("requirement__position")
    services.requirement_review(actor=planner, evidence=first, outcome="met")
    with pytest.raises(ValidationError) as no_note:
        services.requirement_review(actor=planner, evidence=second, outcome="not_met")
    assert "Indica perché il requisito non è soddisfatto." in str(no_note.value)
    services.requirement_review(
        actor=planner, evidence=second, outcome="not_met", note="Personale senza qualifica OSS"
    )
    with pytest.raises(ValidationError) as refused:
        services.application_decide(
            actor=planner,
            application=in_review,
            accredit=True,
            decision_act="Determina 41/2026",
            valid_from=dt.date(2026, 3, 1),
        )
    assert "Un requisito non è soddisfatto" in str(refused.value)
    in_review.refresh_from_db()
    assert in_review.state == "under_review" and in_review.valid_from is None
    with pytest.raises(ValidationError) as no_reason:
        services.application_decide(actor=planner, application=in_review, accredit=False)
    assert "Indica il motivo del rigetto." in str(no_reason.value)
    services.application_decide(
        actor=planner, application=in_review, accredit=False, reason="Requisito 2 non soddisfatto"
    )
    in_review.refresh_from_db()
    assert in_review.state == "rejected"
    assert in_review.reason == "Requisito 2 non soddisfatto"


def test_accreditation_needs_every_requirement_reviewed_the_act_and_the_start(in_review, planner):
    with pytest.raises(ValidationError) as refused:
        services.application_decide(actor=planner, application=in_review, accredit=True)
    errors = refused.value.message_dict
    assert errors["__all__"] == ["Valuta ogni requisito prima di decidere."]
    assert errors["decision_act"] == ["Indica l'atto di accreditamento."]
    assert errors["valid_from"] == ["Indica la data di inizio dell'accreditamento."]
    in_review.refresh_from_db()
    assert in_review.state == "under_review"


def test_suspension_ends_the_accreditation_until_it_is_reinstated(
    accredited, planner, provider_2, accreditation_scheme
):
    with pytest.raises(ValidationError) as no_reason:
        services.application_suspend(actor=planner, application=accredited, reason=" ")
    assert "Indica il motivo della sospensione." in str(no_reason.value)
    services.application_suspend(actor=planner, application=accredited, reason="Verifica ATS")
    assert accreditation_on(provider_2, accreditation_scheme, TODAY) is None
    assert provider_2 not in accredited_providers(accreditation_scheme, TODAY)
    services.application_reinstate(actor=planner, application=accredited, reason="Verifica ok")
    assert accreditation_on(provider_2, accreditation_scheme, TODAY) == accredited
    services.application_revoke(actor=planner, application=accredited, reason="Gravi carenze")
    accredited.refresh_from_db()
    assert accredited.state == "revoked"
    assert accreditation_on(provider_2, accreditation_scheme, TODAY) is None
    assert [t[1] for t in states(accredited)][-3:] == ["suspended", "accredited", "revoked"]
    reasons = ApplicationTransition.objects.filter(application=accredited).values_list(
        "reason", flat=True
    )
    assert "Gravi carenze" in list(reasons)
    with pytest.raises(ValidationError) as again:
        services.application_reinstate(actor=planner, application=accredited, reason="x")
    assert "la domanda è «revocato»" in str(again.value)


def test_a_suspended_accreditation_can_be_revoked(accredited, planner):
    services.application_suspend(actor=planner, application=accredited, reason="Verifica")
    services.application_revoke(actor=planner, application=accredited, reason="Esito negativo")
    accredited.refresh_from_db()
    assert accredited.state == "revoked"


def test_the_expiry_job_expires_accreditations_past_their_validity(
    accredited, accreditation_1, provider_1, accreditation_scheme
):
    assert services.expire_accreditations(dt.date(2028, 12, 31)) == 0
    assert services.expire_accreditations(dt.date(2029, 1, 1)) == 1
    accreditation_1.refresh_from_db()
    assert accreditation_1.state == "expired"
    assert states(accreditation_1) == [("accredited", "expired")]
    assert accreditation_on(provider_1, accreditation_scheme, dt.date(2028, 6, 1)) is None
    accredited.refresh_from_db()
    assert accredited.state == "accredited"
    assert services.expire_accreditations(dt.date(2029, 1, 1)) == 0


def test_accreditations_expiring_within_sixty_days(accreditation_1, zone_a):
    assert list(accreditations_expiring(zone_a.pk, today=dt.date(2028, 10, 1))) == []
    assert list(accreditations_expiring(zone_a.pk, today=dt.date(2028, 11, 15))) == [
        accreditation_1
    ]
    assert list(accreditations_expiring(zone_a.pk, 10, today=dt.date(2028, 11, 15))) == []


def test_the_renewal_is_a_new_draft_renewing_the_accreditation_only_once(
    accreditation_1, operator_1, planner
):
    renewal = services.application_renew(actor=operator_1, application=accreditation_1)
    assert renewal.state == "draft"
    assert renewal.renews == accreditation_1
    assert renewal.evidence.count() == 2
    assert not renewal.evidence.exclude(file="").exists()
    with pytest.raises(ValidationError) as twice:
        services.application_renew(actor=planner, application=accreditation_1)
    assert "già stato rinnovato" in str(twice.value)
    upload_all(operator_1, renewal)
    services.application_submit(actor=operator_1, application=renewal)
    services.application_start_review(actor=planner, application=renewal)
    review_all(planner, renewal)
    services.application_decide(
        actor=planner,
        application=renewal,
        accredit=True,
        decision_act="Determina 2/2029",
        valid_from=dt.date(2029, 1, 1),
    )
    renewal.refresh_from_db()
    assert renewal.valid_until == dt.date(2031, 12, 31)
    assert AccreditationApplication.objects.get(renewed_by=renewal) == accreditation_1


def test_a_second_application_while_one_is_open_or_in_force_is_refused(
    draft, operator_2, provider_2, accreditation_scheme, accreditation_1, planner, provider_1
):
    with pytest.raises(ValidationError) as open_one:
        services.application_create(
            actor=operator_2, scheme=accreditation_scheme, provider=provider_2
        )
    assert "C'è già una domanda in corso" in str(open_one.value)
    with pytest.raises(ValidationError) as in_force:
        services.application_create(actor=planner, scheme=accreditation_scheme, provider=provider_1)
    assert "si presenta il rinnovo" in str(in_force.value)
    assert AccreditationApplication.objects.count() == 2


def test_the_provider_withdraws_a_draft_or_a_submitted_application(draft, operator_2):
    upload_all(operator_2, draft)
    services.application_submit(actor=operator_2, application=draft)
    services.application_withdraw(actor=operator_2, application=draft)
    draft.refresh_from_db()
    assert draft.state == "withdrawn"
    assert states(draft)[-1] == ("submitted", "withdrawn")


def test_an_operator_of_another_provider_cannot_touch_the_application(draft, operator_1):
    with pytest.raises(NotAllowed) as refused:
        services.application_withdraw(actor=operator_1, application=draft)
    assert refused.value.hide
    with pytest.raises(NotAllowed):
        services.application_create(actor=operator_1, scheme=draft.scheme, provider=draft.provider)


def test_the_operator_does_not_review_nor_decide(in_review, operator_2):
    evidence = in_review.evidence.first()
    with pytest.raises(NotAllowed):
        services.requirement_review(actor=operator_2, evidence=evidence, outcome="met")
    with pytest.raises(NotAllowed):
        services.application_decide(
            actor=operator_2, application=in_review, accredit=False, reason="x"
        )
    with pytest.raises(NotAllowed):
        services.application_suspend(actor=operator_2, application=in_review, reason="x")


def test_another_zone_does_not_see_the_application(draft, zone_b):
    other = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    with pytest.raises(NotAllowed) as refused:
        services.application_start_review(actor=other, application=draft)
    assert refused.value.hide


def test_schemes_are_created_with_their_checklist_and_checked(planner, home_care):
    with pytest.raises(ValidationError) as refused:
        services.accreditation_scheme_create(
            actor=planner,
            service=home_care,
            title="",
            validity_months=0,
            tariff="-1",
            unit="week",
            opens_on=dt.date(2026, 5, 1),
            closes_on=dt.date(2026, 4, 1),
        )
    errors = refused.value.message_dict
    assert set(errors) == {"title", "validity_months", "tariff", "unit", "closes_on"}
    assert errors["tariff"] == ["La tariffa non può essere negativa."]
    assert not AccreditationScheme.objects.exists()
    scheme = services.accreditation_scheme_create(
        actor=planner,
        service=home_care,
        title="Accreditamento pasti",
        tariff="6.50",
        unit="meal",
        opens_on=dt.date(2026, 1, 1),
        validity_months=24,
        requirements=["HACCP", "", "Mezzi refrigerati"],
    )
    assert [r.text for r in requirements(scheme)] == ["HACCP", "Mezzi refrigerati"]
    added = services.requirement_add(actor=planner, scheme=scheme, text="Assicurazione")
    assert added.position == 3
    services.accreditation_scheme_update(actor=planner, scheme=scheme, validity_months=12)
    scheme.refresh_from_db()
    assert scheme.validity_months == 12


def test_a_scheme_of_another_zones_service_is_refused(planner, zone_b):
    from ambito.catalog.models import Service

    service_b = Service.objects.create(
        zone=zone_b, slug="sad", name="SAD", short_description="x", status="published"
    )
    with pytest.raises(ValidationError) as refused:
        services.accreditation_scheme_create(
            actor=planner,
            service=service_b,
            title="X",
            tariff="1",
            unit="hour",
            opens_on=dt.date(2026, 1, 1),
        )
    assert refused.value.message_dict["service"] == [
        "Il servizio non è della carta di questo ambito."
    ]


def test_the_workflow_table_names_every_transition():
    assert workflow.can("submit", "draft")
    assert not workflow.can("accredit", "submitted")
    assert {t.name for t in workflow.allowed_from("accredited")} == {
        "suspend",
        "revoke",
        "expire",
    }
    assert {t.name for t in workflow.allowed_from("draft", "provider")} == {"submit", "withdraw"}
