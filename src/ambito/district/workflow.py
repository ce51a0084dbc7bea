"""The life of an intake of a district service, as a table: transition -> (from, to, label).

    referral   (new)               -> waiting
    admit      waiting             -> active      the plan office takes the case in charge
    refuse     waiting             -> refused     not admitted (a reason is required)
    suspend    active              -> suspended   (a reason is required)
    resume     suspended           -> active
    close      active, suspended   -> closed      (a reason is required)

Hours are recorded only on an active intake."""

from .choices import IntakeState as S

TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "admit": ((S.WAITING,), S.ACTIVE, "Prendi in carico"),
    "refuse": ((S.WAITING,), S.REFUSED, "Non accogliere"),
    "suspend": ((S.ACTIVE,), S.SUSPENDED, "Sospendi"),
    "resume": ((S.SUSPENDED,), S.ACTIVE, "Riprendi"),
    "close": ((S.ACTIVE, S.SUSPENDED), S.CLOSED, "Chiudi"),
}
NEEDS_REASON = {"refuse", "suspend", "close"}


def available(state: str) -> list[tuple[str, str]]:
    """(name, label) of the transitions an intake in `state` may take."""
    return [(name, label) for name, (sources, _, label) in TRANSITIONS.items() if state in sources]
