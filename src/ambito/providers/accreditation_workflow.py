"""§7 The life of an accreditation application: its states and the transitions allowed between
them, in one place. `services.accreditation` is the only code that changes an application's
state; it looks the transition up here, checks who may take it and its guard, and records who,
when and why (ApplicationTransition + EventLog), under the application's row lock.

    draft ──submit──▶ submitted ──start_review──▶ under_review ──accredit──▶ accredited
                                                       │
                                                       └──reject──▶ rejected     (reason)
    accredited ──suspend──▶ suspended ──reinstate──▶ accredited                  (reason)
    accredited | suspended ──revoke──▶ revoked                                   (reason)
    accredited ──expire──▶ expired                   (the job, when valid_until < today)
    draft | submitted ──withdraw──▶ withdrawn                           (by the provider)

    renewal: an accredited (or expired) application ──renew──▶ a NEW draft application
             whose `renews` is it (one renewal per application); the evidence is uploaded
             again.

Guards (in the services): submit needs every requirement with `document_required` to have a
document and the scheme's window open; accredit needs every requirement reviewed MET, the
decision act and the start of the validity (the end is start + validity_months - 1 day unless
given); a requirement NOT_MET forces rejection, never accreditation.

`by` says who takes a transition: "office" is the plan office (`providers.review_accreditation`
for the review and the decision, `providers.manage_providers` for the rest), "provider" an
operator of the application's provider (or the plan office on its behalf), "job" the nightly
expiry.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import ApplicationState

S = ApplicationState
OFFICE = "office"
PROVIDER = "provider"
JOB = "job"

# The states in which the provider may still change its evidence.
EDITABLE_STATES = (S.DRAFT,)
# The states of an application still in progress (one at a time per provider and scheme).
OPEN_STATES = (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW)
# The states in which an application was, at some point, an accreditation.
ACCREDITATION_STATES = (S.ACCREDITED, S.SUSPENDED, S.REVOKED, S.EXPIRED)
# The states an application may be renewed from.
RENEWABLE_STATES = (S.ACCREDITED, S.EXPIRED)


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
        Transition("submit", "Presenta la domanda", (S.DRAFT,), S.SUBMITTED, PROVIDER),
        Transition("start_review", "Avvia l'istruttoria", (S.SUBMITTED,), S.UNDER_REVIEW),
        Transition("accredit", "Accredita", (S.UNDER_REVIEW,), S.ACCREDITED),
        Transition("reject", "Respingi", (S.UNDER_REVIEW,), S.REJECTED, needs_reason=True),
        Transition("suspend", "Sospendi", (S.ACCREDITED,), S.SUSPENDED, needs_reason=True),
        Transition("reinstate", "Riattiva", (S.SUSPENDED,), S.ACCREDITED, needs_reason=True),
        Transition("revoke", "Revoca", (S.ACCREDITED, S.SUSPENDED), S.REVOKED, needs_reason=True),
        Transition("expire", "Scadenza", (S.ACCREDITED,), S.EXPIRED, JOB),
        Transition("withdraw", "Ritira la domanda", (S.DRAFT, S.SUBMITTED), S.WITHDRAWN, PROVIDER),
    )
}


def allowed_from(state: str, by: str | None = None) -> list[Transition]:
    """The transitions an application in `state` may take (only those of `by`, when given)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and (by is None or t.by == by)]


def get(name: str) -> Transition:
    return TRANSITIONS[name]


def can(name: str, state: str) -> bool:
    return state in TRANSITIONS[name].sources
