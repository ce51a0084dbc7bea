"""A report's PDF as a background job: WeasyPrint takes seconds for a long report, more than
a request should wait under load. The job renders the report for the scope the page showed,
keeps the file in the default storage (`reports/<job>.pdf`, deleted after 7 days by the
retention job) and the job's page offers it to whoever asked. CSV, XLSX and JSON stay on the
request: they take tens of milliseconds."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ambito.core.permissions import NotAllowed
from ambito.jobs.kinds import JobKind, register
from ambito.territory.models import Municipality

from .reports import REPORTS
from .reports import render as render_report
from .scope import Scope, user_may_see

KIND = "monitoring.report"


def scope_params(scope: Scope) -> dict:
    return {
        "as_of": scope.as_of.isoformat(),
        "municipality": scope.municipality.pk if scope.municipality else None,
        "served": [m.pk for m in scope.served],
    }


def _scope(actor, *, as_of: str, municipality: int | None, served: list[int]) -> Scope:
    chosen = Municipality.objects.get(pk=municipality) if municipality else None
    serving = tuple(Municipality.objects.filter(pk__in=served).order_by("name"))
    scope = Scope(actor.zone, dt.date.fromisoformat(as_of), chosen, serving)
    if not user_may_see(actor, scope):  # roles may have changed since the job was queued
        raise NotAllowed("Non puoi più vedere questi dati.")
    return scope


def _run(context, *, actor, name: str, fmt: str = "pdf", **scope) -> dict:
    report = REPORTS[name]
    context.progress(0, None, "Calcolo delle tabelle")
    built = _scope(actor, **scope)
    context.progress(0, None, "Impaginazione del documento")
    content = render_report(report, built, fmt)
    where = built.municipality.istat_code if built.municipality else built.zone.code
    stored = default_storage.save(f"reports/{context.job.uuid}.{fmt}", ContentFile(content))
    return {
        "file": stored,
        "download_name": f"{name}-{where}-{built.as_of:%Y%m%d}.{fmt}",
        "object_type": f"monitoring.{name}",
        "summary": [f"{report.title}: {built.label}", f"{len(content) // 1024 + 1} kB"],
    }


register(JobKind(code=KIND, label="Documento di un report", run=_run, queue="reports"))
