"""Object rules of the emergency service (core/permissions.py `require`), autodiscovered by
`rules`.

- `emergency.take_over_handover` (a hand-over): the social service of the hand-over's
  municipality (`acknowledge_handover` and the municipality among those the user serves).
- `emergency.redirect_handover` (a hand-over): the on-call service (`change_emergency`) for
  any emergency it sees, or whoever may take the hand-over over.
"""

import rules

from ambito.core.predicates import holds, visible

from .models import Emergency, Handover

take_over_handover = holds("emergency.acknowledge_handover") & visible(Handover)

rules.add_rule("emergency.take_over_handover", take_over_handover)
rules.add_rule(
    "emergency.redirect_handover",
    (holds("emergency.change_emergency") & visible(Emergency, through="emergency_id"))
    | take_over_handover,
)
