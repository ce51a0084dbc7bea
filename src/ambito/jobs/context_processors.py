"""The unread notices' count in every page's header, read only when a page shows it."""

from django.utils.functional import SimpleLazyObject


def notices(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.zone_id is None:
        return {}

    def count() -> int:
        from .selectors import notices_of

        return notices_of(user, unread_only=True).count()

    return {"unread_notices": SimpleLazyObject(count)}
