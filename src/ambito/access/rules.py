"""Object rules of the contacts (core/permissions.py `require`), autodiscovered by `rules`.

- `access.amend_contact` (a contact): correct or cancel it. Only its author (the operator who
  recorded it), on the day it was recorded (Europe/Rome), in their zone, while it is not
  cancelled, and only a contact recorded at the desk (a citizen's web request is closed by
  calling back, not amended). After the day, a contact is history: the observatory and the
  person's record have read it.
"""

import rules
from django.utils import timezone

from ambito.core.predicates import holds, same_zone

from .choices import ContactStatus


@rules.predicate
def recorded_by_user(user, contact) -> bool:
    return contact is not None and contact.operator_id == user.pk


@rules.predicate
def recorded_today(user, contact) -> bool:
    return contact is not None and timezone.localdate(contact.created_at) == timezone.localdate()


@rules.predicate
def still_in_force(user, contact) -> bool:
    return (
        contact is not None
        and contact.cancelled_at is None
        and contact.status == ContactStatus.DONE
        and not contact.requester_name
    )


amend_contact = (
    holds("access.add_contact") & same_zone & recorded_by_user & recorded_today & still_in_force
)

rules.add_rule("access.amend_contact", amend_contact)
