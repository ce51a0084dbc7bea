"""What the register's pages share: the audit of the workers shown, the breadcrumbs."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction

from ..selectors import register as selectors

PAGE_SIZE = 25


def crumbs(*items):
    return [("Assistenti familiari", reverse("assistants:home")), *items]


def log_workers_shown(user, rows, *, action=AccessAction.VIEW, detail=None) -> None:
    """A list naming workers: one access-log row naming the workers shown by their uuid (a
    worker is not a registry person: log_persons_shown has no person to point at)."""
    rows = list(rows)
    if not rows:
        return
    log_access(
        user=user,
        action=action,
        object_type="assistants.worker",
        detail={**(detail or {}), "assistenti": [str(row.uuid) for row in rows]},
    )


def worker_or_404(request, uuid):
    worker = selectors.worker_for(user=request.user, uuid=uuid)
    if worker is None:
        raise Http404
    return worker


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()
