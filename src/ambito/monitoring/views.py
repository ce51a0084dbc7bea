"""Pages of §10: the LEP dashboard (as of a date, the zone and each municipality, drill-down
to one municipality, a trend over the last quarters, a chart with its table) and every report
with its downloads. Figures only; planners, zone administrators and auditors see their zone,
municipality users their municipalities."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.forms import DateInput, StyledFormMixin
from ambito.core.permissions import NotAllowed
from ambito.jobs.services import job_start

from . import jobs as report_jobs
from .indicators import INDICATORS, cached_trend
from .reports import (
    CONTENT_TYPES,
    FORMATS,
    REPORTS,
    target_text,
)
from .reports import (
    dashboard as dashboard_data,
)
from .reports import (
    render as render_report,
)
from .scope import Scope, ScopeError, parse_as_of, reportable_municipalities, user_may_see

TREND_QUARTERS = 4


class ScopeForm(StyledFormMixin, forms.Form):
    data = forms.DateField(label="Alla data", required=False, widget=DateInput())
    comune = forms.ModelChoiceField(
        label="Comune",
        queryset=None,
        required=False,
        empty_label="Tutto l'ambito",
        to_field_name="istat_code",
    )

    def __init__(self, *args, municipalities, zone_wide=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comune"]
        field.queryset = municipalities
        if not zone_wide:
            # What is shown without a choice: the union of the user's municipalities.
            names = [m.name for m in municipalities]
            field.empty_label = "Comuni seguiti: " + ", ".join(names) if len(names) > 1 else None


def _scope(request) -> tuple[Scope, ScopeForm]:
    user = request.user
    municipalities = reportable_municipalities(user)
    if municipalities is None:
        raise NotAllowed
    zone_wide = user.has_perm("monitoring.view_zone_reports")
    form = ScopeForm(request.GET or None, municipalities=municipalities, zone_wide=zone_wide)
    as_of, municipality, served = timezone.localdate(), None, ()
    if form.is_bound and form.is_valid():
        municipality = form.cleaned_data["comune"]
        try:
            as_of = parse_as_of(form.cleaned_data["data"])
        except ScopeError as exc:
            form.add_error("data", str(exc))
    # The date field shows the date the figures are computed at (a refused date stays, with
    # its message).
    if not form.is_bound:
        form.initial["data"] = as_of
    elif not form.data.get("data"):
        form.data = form.data.copy()
        form.data["data"] = as_of.isoformat()
    if municipality is None and not zone_wide:
        served = tuple(municipalities)
        if not served:
            raise NotAllowed
        if len(served) == 1:
            municipality, served = served[0], ()
    scope = Scope(user.zone, as_of, municipality, served)
    if not user_may_see(user, scope):
        raise NotAllowed
    return scope, form


def _trend(scope: Scope) -> dict:
    """The percentage indicators at the end of the last quarters, for the trend table."""
    ends, day = [], scope.as_of
    for _ in range(TREND_QUARTERS):
        ends.append(day)
        first = dt.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)
        day = first - dt.timedelta(days=1)
    ends.reverse()
    codes = [c for c, i in INDICATORS.items() if i.unit == "%"]
    # From the shared cache while the zone's records are unchanged (indicators.cached_trend).
    rows = [(INDICATORS[c], values) for c, values in cached_trend(scope, ends, codes)]
    return {"dates": ends, "rows": rows}


@login_required
def dashboard(request):
    scope, form = _scope(request)
    data = dashboard_data(scope)
    ratio = next(
        cells
        for _, rows in data["sections"]
        for i, cells in rows
        if i.code == "lep-assistenti-sociali"
    )
    chart = {
        "type": "bar",
        "labels": data["columns"],
        "datasets": [
            {
                "label": "Abitanti per assistente sociale (ETP)",
                "data": [float(c.value) if c and c.value is not None else None for c in ratio],
            }
        ],
        "yTitle": "abitanti per ETP",
    }
    log_access(user=request.user, action=AccessAction.VIEW, object_type="monitoring.dashboard")
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "scope": scope,
            "form": form,
            "data": data,
            "targets": {i.code: target_text(i) for i in INDICATORS.values()},
            "trend": _trend(scope),
            "chart": chart,
            "reports": REPORTS.values(),
            "query": request.GET.urlencode(),
            "breadcrumbs": [("Monitoraggio", None)],
        },
    )


@login_required
def report(request, name):
    chosen = REPORTS.get(name)
    if chosen is None:
        raise Http404
    scope, form = _scope(request)
    fmt = request.GET.get("formato")
    if fmt:
        if fmt not in FORMATS:
            raise Http404
        if fmt == "pdf":
            # Rendered by a worker (monitoring/jobs.py); the download is logged when it is taken.
            job = job_start(
                actor=request.user,
                kind=report_jobs.KIND,
                title=f"{chosen.title} (PDF), {scope.label}",
                params={"name": name, "fmt": fmt, **report_jobs.scope_params(scope)},
            )
            return redirect("jobs:detail", uuid=job.uuid)
        log_access(user=request.user, action=AccessAction.EXPORT, object_type=f"monitoring.{name}")
        content = render_report(chosen, scope, fmt)
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        where = scope.municipality.istat_code if scope.municipality else scope.zone.code
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{where}-{scope.as_of:%Y%m%d}.{fmt}"'
        )
        return response
    query = request.GET.copy()
    query.pop("formato", None)
    return render(
        request,
        "monitoring/report.html",
        {
            "report": chosen,
            "scope": scope,
            "form": form,
            "tables": chosen.build(scope),
            "query": query.urlencode(),
            "formats": FORMATS,
            "breadcrumbs": [
                ("Monitoraggio", reverse("monitoring:dashboard")),
                (chosen.title, None),
            ],
        },
    )
