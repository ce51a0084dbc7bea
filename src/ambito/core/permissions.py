"""The one way to refuse, and the one way to ask "may this user do that?".

Every app says "not allowed" by raising `NotAllowed`, from a service, a selector, a view or an
API operation. Pages and the API map it the same way:

- `NotAllowed(hide=True)`: the user must not even learn that the object exists (a person, a
  case, an application of another municipality) -> 404, "Non trovato.";
- otherwise -> 403 with the (Italian, person-free) message.

Questions about permissions go through `require(user, perm, obj=None)`:

- `perm` is a Django permission ("cases.add_case"), answered by the role groups; or
- a `rules` rule ("cases.write_case", declared in the app's `rules.py` with predicates), when
  the answer depends on the object (team membership, the municipality of a record).

A user who works in no zone is refused whatever they hold: every operation is zone-scoped.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied

DEFAULT_MESSAGE = "Non hai il permesso per questa operazione."
HIDDEN_MESSAGE = "Non trovato."


class NotAllowed(PermissionDenied):
    """A refusal. `hide` turns it into a 404 so that existence is not revealed."""

    def __init__(self, message: str = DEFAULT_MESSAGE, *, hide: bool = False):
        super().__init__(message)
        self.message = message
        self.hide = hide

    @property
    def status_code(self) -> int:
        return 404 if self.hide else 403

    @property
    def public_message(self) -> str:
        return HIDDEN_MESSAGE if self.hide else self.message


def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def works_in_zone(user) -> bool:
    return is_active_user(user) and getattr(user, "zone_id", None) is not None


def allowed(user, perm: str, obj=None) -> bool:
    """True when the user, working in a zone, holds `perm` (a rule when one is declared)."""
    if not works_in_zone(user):
        return False
    if rules.rule_exists(perm):
        return rules.test_rule(perm, user, obj)
    return user.has_perm(perm)


def require(
    user, perm: str, obj=None, *, message: str = DEFAULT_MESSAGE, hide: bool = False
) -> None:
    """Raise NotAllowed unless `allowed(user, perm, obj)`."""
    if not allowed(user, perm, obj):
        raise NotAllowed(message, hide=hide)


def require_same_zone(user, zone_id: int | None, *, message: str = HIDDEN_MESSAGE) -> None:
    """An object of another zone does not exist for the user: a hidden refusal."""
    if not works_in_zone(user) or zone_id != user.zone_id:
        raise NotAllowed(message, hide=True)


def zone_id_for(user, perm: str) -> int | None:
    """The zone whose rows the user may read with `perm`, or None. For reads that are not
    rows of one model (figures, aggregates); rows go through `Model.objects.visible_to`."""
    return user.zone_id if allowed(user, perm) else None


def working_zone(user):
    """The zone the user works in now; a user with none is refused (hidden)."""
    if not works_in_zone(user):
        raise NotAllowed(HIDDEN_MESSAGE, hide=True)
    return user.zone
