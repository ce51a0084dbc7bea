"""Object rules of the applications (core/permissions.py `require`), autodiscovered by `rules`.

- `measures.record_follow_up`: the user may change applications and the application is one
  they see (their municipalities', or the whole zone's for zone-wide readers)."""

import rules

from .models import Application


def holds(perm: str):
    @rules.predicate(name=f"holds {perm}")
    def predicate(user) -> bool:
        return user.has_perm(perm)

    return predicate


@rules.predicate
def application_in_scope(user, application) -> bool:
    return (
        application is not None
        and Application.objects.visible_to(user).filter(pk=application.pk).exists()
    )


rules.add_rule(
    "measures.record_follow_up", holds("measures.change_application") & application_in_scope
)
