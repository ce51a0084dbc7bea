"""Who is asking (the client's address, also behind the TLS proxy) and how often: the one
rate limiter of anonymous endpoints and the login throttling's per-address limit.

Counters live in the shared cache (settings.CACHES: the database table, or Redis), so every
worker counts the same requests; a client's address is kept there only as a hash and only for
the window of the limit.

The client's address is REMOTE_ADDR unless `AMBITO_TRUSTED_PROXY_COUNT` says how many proxies
of ours stand in front of the application: then it is the address the outermost of them saw,
the N-th entry from the right of X-Forwarded-For (each proxy appends the address it received
the request from; whatever the client wrote to the left of it is not trusted)."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
_warned_about_proxy = False


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    count = int(getattr(settings, "AMBITO_TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        _warn_once_if_proxied(request)
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        return remote  # the request did not come through all our proxies
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _warn_once_if_proxied(request) -> None:
    # Behind a proxy with AMBITO_TRUSTED_PROXY_COUNT unset every client has the proxy's
    # address, and the per-address limits stop everyone at once: say so in the log, once.
    global _warned_about_proxy
    if not _warned_about_proxy and request.META.get("HTTP_X_FORWARDED_FOR"):
        _warned_about_proxy = True
        logger.warning(
            "X-Forwarded-For received but AMBITO_TRUSTED_PROXY_COUNT is 0: client addresses "
            "are the proxy's; set it to the number of proxies in front of Ambito."
        )


def key(bucket: str, *parts) -> str:
    """A cache key for a counter: the bucket in clear, the rest (addresses...) hashed."""
    digest = hashlib.sha256(":".join(str(p or "-") for p in parts).encode()).hexdigest()[:32]
    return f"ratelimit:{bucket}:{digest}"


def count(counter_key: str) -> int:
    return int(cache.get(counter_key, 0) or 0)


def add(counter_key: str, *, window: int) -> int:
    """Count one more event in the window (opened by the first event); the new count."""
    if cache.add(counter_key, 1, window):
        return 1
    try:
        return cache.incr(counter_key)
    except ValueError:  # expired between add and incr
        cache.add(counter_key, 1, window)
        return 1


def hit(counter_key: str, *, limit: int, window: int) -> bool:
    """Count this request; False when it is over the limit of the window."""
    return add(counter_key, window=window) <= limit


def too_many_requests(request, *, window: int):
    """The Italian page of a refused request (429), with Retry-After."""
    from django.shortcuts import render

    minutes = max(1, math.ceil(window / 60))
    response = render(request, "errors/429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(window)
    return response


def public_limit(request, bucket: str, *extra) -> object | None:
    """Rate limit of an anonymous heavy page, per client address: None when allowed, else
    the 429 response to return."""
    window = settings.AMBITO_PUBLIC_RATE_WINDOW
    counter = key(f"public:{bucket}", client_ip(request), *extra)
    if hit(counter, limit=settings.AMBITO_PUBLIC_RATE_LIMIT, window=window):
        return None
    return too_many_requests(request, window=window)


# --- login throttling (django-axes) ----------------------------------------------------------


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits instead of one.

    AXES_LOCKOUT_PARAMETERS is `[["username", "ip_address"], "ip_address"]`: a username from
    one address is stopped after AXES_FAILURE_LIMIT failures, an address after
    AMBITO_LOGIN_IP_FAILURE_LIMIT failures over any usernames (password spraying). Axes compares
    one count with one limit, so the per-address count is scaled to AXES_FAILURE_LIMIT here.
    Nothing is ever counted on the username alone: nobody can lock a colleague out of every
    office by typing her username wrong.

    A successful login forgets only that username's failures from that address: logging in
    with one's own account does not wipe the address's count of failures on other accounts."""

    def get_failures(self, request, credentials=None) -> int:
        from axes.helpers import get_failure_limit, get_lockout_parameters
        from django.db.models import Sum

        limit = get_failure_limit(request, credentials)
        address_limit = max(int(settings.AMBITO_LOGIN_IP_FAILURE_LIMIT), 1)
        failures = 0
        for parameter, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            total = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                total = limit if total >= address_limit else (total * limit) // address_limit
                total = min(total, limit)
            failures = max(failures, total)
        return failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        from axes.helpers import get_client_username
        from axes.models import AccessAttempt

        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return deleted
