"""Where a `next` parameter may send the browser: only to a URL of this site.

Every view that follows a user-supplied `next` goes through `safe_next`, so an address like
`?next=https://evil.example/`, `//evil.example/` or `/\\evil.example` can never turn a page of
Ambito (the login, the second factor) into a springboard to a phishing site."""

from __future__ import annotations

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The `next` of the request (POST first, then the query string) when it points to this
    site; otherwise `default` (a URL or a URL name, as for `redirect`)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
