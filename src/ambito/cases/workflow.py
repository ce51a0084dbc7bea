"""§4 The pathway of a case: its states and the transitions allowed between them, in one
place. `services.case_transition` is the only code that changes a case's status; it looks the
transition up here, checks its guard and records who, when and why.

    entry ──assign──▶ assigned ──start_pre_assessment──▶ pre_assessment
    pre_assessment ──to_service_pact──▶ service_pact        (card A: solo lavoro)
                   ──to_social_project──▶ social_project    (card A: solo sociale)
                   ──to_eemm──▶ eemm_evaluation             (card A: bisogni complessi)
    service_pact | social_project | eemm_evaluation ──sign_project──▶ project_signed
    project_signed ──start──▶ in_progress
    any open state ──close──▶ closed (reason required)
    closed ──reopen──▶ assigned (reason required; explicit, never automatic; back to
                        entry when the case never had a case manager)

The outcome of the pre-assessment (card A) decides which of the three ways out of
pre_assessment is allowed; the guard reads it from the case."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class CaseStatus(models.TextChoices):
    ENTRY = "entry", "In ingresso"
    ASSIGNED = "assigned", "Assegnata"
    PRE_ASSESSMENT = "pre_assessment", "Analisi preliminare"
    SERVICE_PACT = "service_pact", "Patto di servizio (CPI)"
    SOCIAL_PROJECT = "social_project", "Progetto sociale"
    EEMM_EVALUATION = "eemm_evaluation", "Valutazione dell'équipe multidisciplinare"
    PROJECT_SIGNED = "project_signed", "Progetto sottoscritto"
    IN_PROGRESS = "in_progress", "In corso"
    CLOSED = "closed", "Chiusa"


class PreAssessmentOutcome(models.TextChoices):
    WORK_ONLY = "work_only", "Solo lavoro (patto di servizio al CPI)"
    SOCIAL_ONLY = "social_only", "Solo sociale (progetto personalizzato)"
    COMPLEX = "complex", "Bisogni complessi (équipe multidisciplinare)"


S = CaseStatus
OPEN_STATES = [s for s in CaseStatus if s != S.CLOSED]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button's text
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False
    needs_outcome: str | None = None  # the card A outcome this way out requires
    # States from which the transition needs the latest project version signed (the service
    # pact is signed at the employment centre, outside this system).
    needs_signed_project_from: tuple[str, ...] = ()


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("assign", "Assegna", (S.ENTRY,), S.ASSIGNED),
        Transition(
            "start_pre_assessment",
            "Avvia l'analisi preliminare",
            (S.ASSIGNED,),
            S.PRE_ASSESSMENT,
        ),
        Transition(
            "to_service_pact",
            "Invia al CPI per il patto di servizio",
            (S.PRE_ASSESSMENT,),
            S.SERVICE_PACT,
            needs_outcome=PreAssessmentOutcome.WORK_ONLY,
        ),
        Transition(
            "to_social_project",
            "Avvia il progetto sociale",
            (S.PRE_ASSESSMENT,),
            S.SOCIAL_PROJECT,
            needs_outcome=PreAssessmentOutcome.SOCIAL_ONLY,
        ),
        Transition(
            "to_eemm",
            "Invia all'équipe multidisciplinare",
            (S.PRE_ASSESSMENT,),
            S.EEMM_EVALUATION,
            needs_outcome=PreAssessmentOutcome.COMPLEX,
        ),
        Transition(
            "sign_project",
            "Registra la sottoscrizione del progetto",
            (S.SERVICE_PACT, S.SOCIAL_PROJECT, S.EEMM_EVALUATION),
            S.PROJECT_SIGNED,
            needs_signed_project_from=(S.SOCIAL_PROJECT, S.EEMM_EVALUATION),
        ),
        Transition("start", "Avvia gli interventi", (S.PROJECT_SIGNED,), S.IN_PROGRESS),
        Transition("close", "Chiudi la cartella", tuple(OPEN_STATES), S.CLOSED, needs_reason=True),
        Transition("reopen", "Riapri la cartella", (S.CLOSED,), S.ASSIGNED, needs_reason=True),
    )
}


# A case closed before it was assigned goes back to the coordinators' queue.
REOPEN_UNASSIGNED = Transition("reopen", "Riapri la cartella", (S.CLOSED,), S.ENTRY, True)


def allowed_from(status: str) -> list[Transition]:
    """The transitions a case in `status` may take, in the order of the pathway."""
    return [t for t in TRANSITIONS.values() if status in t.sources]


def is_open(status: str) -> bool:
    return status != S.CLOSED


def transition_allowed(from_status: str, to_status: str) -> Transition | None:
    """The transition of the table that takes a case from `from_status` to `to_status`, or
    None when the table has no such edge (the re-opening of a case that never had a case
    manager, closed -> entry, is REOPEN_UNASSIGNED)."""
    if (from_status, to_status) == (S.CLOSED, S.ENTRY):
        return REOPEN_UNASSIGNED
    return next(
        (t for t in TRANSITIONS.values() if from_status in t.sources and t.target == to_status),
        None,
    )
