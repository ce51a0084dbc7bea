"""Object rules of the emergency service (core/permissions.py `require`), autodiscovered by
`rules`.

- `emergency.take_over_handover` (a hand-over): the social service of the hand-over's
  municipality (`acknowledge_handover` and the municipality among those the user serves).
- `emergency.redirect_handover` (a hand-over): the on-call service (`change_emergency`) for
  any emergency it sees, or whoever may take the hand-over over.
"""

import rules

from .models import Emergency, Handover


def holds(perm: str):
    @rules.predicate(name=f"holds {perm}")
    def predicate(user) -> bool:
        return user.has_perm(perm)

    return predicate


@rules.predicate
def handover_in_scope(user, handover) -> bool:
    return (
        handover is not None and Handover.objects.visible_to(user).filter(pk=handover.pk).exists()
    )


@rules.predicate
def emergency_of_handover_in_scope(user, handover) -> bool:
    return (
        handover is not None
        and Emergency.objects.visible_to(user).filter(pk=handover.emergency_id).exists()
    )


take_over_handover = holds("emergency.acknowledge_handover") & handover_in_scope

rules.add_rule("emergency.take_over_handover", take_over_handover)
rules.add_rule(
    "emergency.redirect_handover",
    (holds("emergency.change_emergency") & emergency_of_handover_in_scope) | take_over_handover,
)
