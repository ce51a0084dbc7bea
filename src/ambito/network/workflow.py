"""§8 The life of a candidature: its states and the transitions allowed between them, in one
place. `services.candidatures.candidature_transition` is the only code that changes a
candidature's state; it looks the transition up here, checks who may take it and records who,
when and why (CandidatureTransition + EventLog).

    submitted ──review──▶ under_review ──accept──▶ accepted ──activate──▶ active ──end──▶ ended
                               │
                               └──reject──▶ rejected              (reason required)
    submitted | under_review ──withdraw──▶ withdrawn              (by the organisation)

`by` says who takes a transition: "office" is the plan office (`network.review_candidature`),
"organisation" an operator of the candidature's own organisation. Activation sets
`active_from`, the end sets `ended_on`; acceptance and rejection record who decided and when.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import CandidatureState

S = CandidatureState
OFFICE = "office"
ORGANISATION = "organisation"

# The states in which a candidature counts as open (one open candidature per organisation
# and line: the model's constraint candidature_one_open_per_line says the same).
OPEN_STATES = (S.SUBMITTED, S.UNDER_REVIEW, S.ACCEPTED, S.ACTIVE)
# The states in which the organisation may still change what it declared.
EDITABLE_STATES = (S.SUBMITTED, S.UNDER_REVIEW)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button's text
    sources: tuple[str, ...]
    target: str
    by: str = OFFICE
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("review", "Avvia l'istruttoria", (S.SUBMITTED,), S.UNDER_REVIEW),
        Transition("accept", "Accogli", (S.UNDER_REVIEW,), S.ACCEPTED),
        Transition("reject", "Respingi", (S.UNDER_REVIEW,), S.REJECTED, needs_reason=True),
        Transition("activate", "Attiva", (S.ACCEPTED,), S.ACTIVE),
        Transition("end", "Concludi", (S.ACTIVE,), S.ENDED),
        Transition("withdraw", "Ritira la candidatura", EDITABLE_STATES, S.WITHDRAWN, ORGANISATION),
    )
}


def allowed_from(state: str, by: str | None = None) -> list[Transition]:
    """The transitions a candidature in `state` may take (only those of `by`, when given)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and (by is None or t.by == by)]


def transition_to(from_state: str, to_state: str) -> Transition | None:
    """The transition of the table from `from_state` to `to_state`, or None."""
    return next(
        (t for t in TRANSITIONS.values() if from_state in t.sources and t.target == to_state),
        None,
    )


def is_open(state: str) -> bool:
    return state in OPEN_STATES
