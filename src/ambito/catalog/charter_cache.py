"""The printable charter (PDF) from the shared cache.

WeasyPrint takes seconds for a zone's charter, and anyone may ask for it, so the PDF is
rendered once per version of the charter and kept in the shared cache (settings.CACHES). The
version is the digest of the charter's HTML, which is cheap to build (a fixed handful of
queries and a template): whatever changes on the printed charter (a service, its access points
or their hours, its provider, the zone's name, the date printed on it) gives another digest, so
no write anywhere has to remember to invalidate anything and a stale PDF cannot be served."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache

PDF_TTL_SECONDS = 24 * 3600


def cache_key(*, zone_id: int, html: str) -> str:
    digest = hashlib.sha256(html.encode()).hexdigest()[:40]
    return f"catalog:charter-pdf:{zone_id}:{digest}"


def charter_pdf_bytes(*, zone_id: int, html: str, render: Callable[[], bytes]) -> bytes:
    """The PDF of this HTML of the zone's charter: from the cache, or rendered and kept."""
    key = cache_key(zone_id=zone_id, html=html)
    pdf = cache.get(key)
    if pdf is None:
        pdf = render()
        cache.set(key, pdf, PDF_TTL_SECONDS)
    return pdf
