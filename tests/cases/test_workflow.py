"""The pathway's transitions: every allowed one, refusals, guards, closing and re-opening."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ambito.cases import services, workflow
from ambito.cases.models import Case, CaseTransition
from ambito.cases.workflow import CaseStatus, PreAssessmentOutcome
from ambito.core.models import EventLog

pytestmark = pytest.mark.django_db


def card(actor, case, outcome, held_on=None):
    return services.pre_assessment_record(
        actor=actor,
        case=case,
        data={
            "held_on": held_on or timezone.localdate(),
            "cpi_consultant": "Dott.ssa Neri",
            "household_situation": "Nucleo di tre persone, affitto arretrato.",
            "needs": "Lavoro per la madre, sostegno scolastico per il figlio.",
            "outcome": outcome,
        },
    )


def signed_project(case, worker):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = services.project_new_version(
        actor=worker,
        case=case,
        summary="",
        objectives=[{"text": "Autonomia abitativa"}],
        commitments=[],
    )
    return services.project_sign(
        actor=worker,
        project=project,
        signed_on=timezone.localdate(),
        scan=SimpleUploadedFile("firmato.pdf", b"%PDF-1.4 firmato"),
    )


def move(actor, case, name, reason=""):
    return services.case_transition(actor=actor, case=case, name=name, reason=reason)


def test_a_new_case_starts_in_entry_with_a_number_and_its_history(case_a, social_worker_a):
    assert case_a.status == CaseStatus.ENTRY
    assert case_a.number == f"{timezone.localdate().year}/00001"
    assert case_a.household is not None
    assert [(t.name, t.to_status) for t in case_a.transitions.all()] == [("open", "entry")]
    assert EventLog.objects.filter(object_uuid=case_a.uuid, action="create").exists()


@pytest.mark.parametrize(
    "outcome, way, target",
    [
        (PreAssessmentOutcome.WORK_ONLY, "to_service_pact", CaseStatus.SERVICE_PACT),
        (PreAssessmentOutcome.SOCIAL_ONLY, "to_social_project", CaseStatus.SOCIAL_PROJECT),
        (PreAssessmentOutcome.COMPLEX, "to_eemm", CaseStatus.EEMM_EVALUATION),
    ],
)
def test_the_whole_pathway_for_each_outcome_of_card_a(
    assigned_case, social_worker_a, outcome, way, target
):
    case = assigned_case
    assert case.status == CaseStatus.ASSIGNED
    case = move(social_worker_a, case, "start_pre_assessment")
    card(social_worker_a, case, outcome)
    case = move(social_worker_a, case, way)
    assert case.status == target
    if way != "to_service_pact":  # the service pact is signed at the CPI
        with pytest.raises(ValidationError, match="firma dell'ultima versione"):
            move(social_worker_a, case, "sign_project")
        signed_project(case, social_worker_a)
    case = move(social_worker_a, case, "sign_project")
    case = move(social_worker_a, case, "start")
    assert case.status == CaseStatus.IN_PROGRESS
    case = services.case_close(
        actor=social_worker_a, case=case, reason="autonomy", outcome="Lavoro trovato"
    )
    assert case.status == CaseStatus.CLOSED and case.closed_at is not None
    names = list(case.transitions.values_list("name", flat=True))
    assert names == [
        "open",
        "assign",
        "start_pre_assessment",
        way,
        "sign_project",
        "start",
        "close",
    ]
    assert all(t.actor_id for t in case.transitions.all())


def test_every_transition_not_allowed_from_a_state_is_refused_and_changes_nothing(
    assigned_case, social_worker_a
):
    for name, transition in workflow.TRANSITIONS.items():
        if CaseStatus.ASSIGNED in transition.sources or name in ("close", "assign", "reopen"):
            continue
        with pytest.raises(ValidationError) as exc:
            move(social_worker_a, assigned_case, name)
        assert "non ammesso" in str(exc.value) or "scheda A" in str(exc.value)
        assigned_case.refresh_from_db()
        assert assigned_case.status == CaseStatus.ASSIGNED
    assert CaseTransition.objects.filter(case=assigned_case).count() == 2


def test_card_a_outcome_decides_the_way_out_of_pre_assessment(assigned_case, social_worker_a):
    case = move(social_worker_a, assigned_case, "start_pre_assessment")
    with pytest.raises(ValidationError, match="Registra prima la scheda A"):
        move(social_worker_a, case, "to_eemm")
    card(social_worker_a, case, PreAssessmentOutcome.SOCIAL_ONLY)
    with pytest.raises(ValidationError, match="Bisogni complessi"):
        move(social_worker_a, case, "to_eemm")
    case.refresh_from_db()
    assert case.status == CaseStatus.PRE_ASSESSMENT


def test_card_a_only_during_pre_assessment_and_not_in_the_future(assigned_case, social_worker_a):
    with pytest.raises(ValidationError, match="durante l'analisi preliminare"):
        card(social_worker_a, assigned_case, PreAssessmentOutcome.COMPLEX)
    case = move(social_worker_a, assigned_case, "start_pre_assessment")
    with pytest.raises(ValidationError) as exc:
        card(social_worker_a, case, PreAssessmentOutcome.COMPLEX, date.today() + timedelta(days=2))
    assert "futuro" in exc.value.message_dict["held_on"][0]


def test_unknown_and_special_transitions_are_refused(assigned_case, social_worker_a):
    with pytest.raises(ValidationError, match="sconosciuto"):
        move(social_worker_a, assigned_case, "teleport")
    with pytest.raises(ValidationError, match="motivo ed esito"):
        move(social_worker_a, assigned_case, "close")
    with pytest.raises(ValidationError, match="scegliendo il case manager"):
        move(social_worker_a, assigned_case, "assign")


def test_a_closed_case_refuses_writes_until_reopened_with_a_reason(assigned_case, social_worker_a):
    case = services.case_close(actor=social_worker_a, case=assigned_case, reason="refused")
    with pytest.raises(ValidationError, match="chiusa"):
        services.diary_add(
            actor=social_worker_a, case=case, data={"kind": "note", "text": "Telefonata"}
        )
    with pytest.raises(ValidationError, match="chiusa"):
        move(social_worker_a, case, "start_pre_assessment")
    with pytest.raises(ValidationError, match="perché riapri"):
        services.case_reopen(actor=social_worker_a, case=case, reason=" ")
    case = services.case_reopen(actor=social_worker_a, case=case, reason="Nuova richiesta")
    assert case.status == CaseStatus.ASSIGNED and case.closed_at is None
    assert case.transitions.last().reason == "Nuova richiesta"


def test_closing_needs_a_known_reason(assigned_case, social_worker_a):
    with pytest.raises(ValidationError) as exc:
        services.case_close(actor=social_worker_a, case=assigned_case, reason="boh")
    assert exc.value.message_dict["reason"] == ["Scegli il motivo della chiusura."]
    with pytest.raises(ValidationError):
        services.case_close(actor=social_worker_a, case=assigned_case, reason="other")


def test_one_open_case_per_household_and_line(case_a, social_worker_a, person_a):
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=social_worker_a, person=person_a)
    assert case_a.number in exc.value.message_dict["line"][0]
    other = services.case_open(actor=social_worker_a, person=person_a, line="income_support")
    assert other.number.endswith("/00002")
    assert Case.objects.count() == 2


def test_reopening_is_refused_when_another_case_of_the_line_is_open(
    case_a, social_worker_a, coordinator, person_a
):
    services.case_assign(actor=coordinator, case=case_a, manager=social_worker_a)
    services.case_close(actor=social_worker_a, case=case_a, reason="moved")
    services.case_open(actor=social_worker_a, person=person_a)
    with pytest.raises(ValidationError, match="già una cartella aperta"):
        services.case_reopen(actor=social_worker_a, case=case_a, reason="Rientrata in zona")


def test_a_referral_needs_who_referred(social_worker_a, person_a, household_a):
    with pytest.raises(ValidationError) as exc:
        services.case_open(actor=social_worker_a, person=person_a, source="referral")
    assert "segnalato" in exc.value.message_dict["referral_from"][0]


def test_only_the_team_writes_the_case(case_a, social_worker_b, coordinator, social_worker_a):
    services.case_assign(actor=coordinator, case=case_a, manager=social_worker_a)
    with pytest.raises(PermissionDenied):
        move(social_worker_b, case_a, "start_pre_assessment")
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.ASSIGNED
