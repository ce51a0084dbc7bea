"""API authentication: session (with CSRF, for the pages' own htmx calls) or personal token."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from . import memberships
from .audit import audit_channel
from .middleware import two_factor_pending
from .models import ApiToken


def user_for_token(key: str):
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    # Touch at most once a minute: a busy integration must not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            return None
        # A token works in the account's first zone, or in the one named by X-Ambito-Zone
        # when the user is a member there (core/memberships.py).
        memberships.choose_by_code(user, request.META.get(memberships.ZONE_HEADER, ""))
        request.user = user
        audit_channel.set("api")
        return user


class SessionUser(SessionAuth):
    def _get_key(self, request):
        # No session cookie, no session to authenticate nor CSRF to check: a client whose
        # token was refused gets 401, not "CSRF check Failed".
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or two_factor_pending(user):
            # A session that has not passed the required second factor opens no API either.
            return None
        audit_channel.set("api")
        return user


class SessionOrToken(list):
    """ninja accepts a list of auth classes: the first that succeeds wins."""

    def __init__(self):
        super().__init__([BearerToken(), SessionUser()])
