"""Object rules of the applications (core/permissions.py `require`), autodiscovered by `rules`.

- `measures.record_follow_up`: the user may change applications and the application is one
  they see (their municipalities', or the whole zone's for zone-wide readers)."""

import rules

from ambito.core.predicates import holds, visible

from .models import Application

rules.add_rule(
    "measures.record_follow_up", holds("measures.change_application") & visible(Application)
)
