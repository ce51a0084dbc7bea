"""The network report page and its Excel, CSV and PDF files."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join

from ambito.core.files import file_response
from ambito.core.pdf import pdf_response
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes
from ambito.core.templatetags.numbers import euro
from ambito.territory.selectors import format_number

from .. import exports
from ..selectors.reports import EXPIRY_DAYS, network_report


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("anno", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


def _resource_rows(report) -> str:
    """The rows of the resources table, built here rather than in the template: a zone has
    hundreds of (body, line) rows × 11 figures, and the template engine spent twice the
    report's queries on them (docs/benchmarks.md). Every value is escaped."""
    dash = "—"

    def figure(value, places=1):
        return dash if value is None else format_number(value, places)

    return format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
        '<td class="text-end">{}</td><td class="text-end">{}</td></tr>',
        (
            (
                r.organisation,
                r.line_code,
                figure(r.hours_per_month_committed),
                r.people_committed,
                euro(r.money_committed),
                r.months_documented,
                figure(r.hours_documented),
                figure(r.hours_per_month_documented),
                figure(r.coverage),
                euro(r.expenses_documented),
                figure(r.training_hours),
            )
            for r in report.resources
        ),
    )


def _chart(report) -> dict:
    """Candidatures by state for each line, stacked (the same figures as the table)."""
    return {
        "type": "bar",
        "stacked": True,
        "labels": [row.line.code for row in report.lines],
        "datasets": [
            {"label": label, "data": [row.states[code] for row in report.lines]}
            for code, label in report.states
            if report.state_totals.get(code)
        ],
        "yTitle": "Candidature",
    }


@login_required
@permission_required("network.view_candidature", raise_exception=True)
def report(request):
    year = _year(request)
    today = timezone.localdate()
    on = min(dt.date(year, 12, 31), today)
    data = network_report(user=request.user, year=year, on=on)
    fmt = request.GET.get("formato")
    name = f"rete-terzo-settore-{year}"
    if fmt == "xlsx":
        return file_response(xlsx_bytes(exports.report_sheets(data)), f"{name}.xlsx", XLSX)
    if fmt == "csv":
        table = request.GET.get("tabella", "linee")
        if table not in exports.SHEETS:
            raise Http404
        _, header, rows = exports.SHEETS[table](data)
        return file_response(csv_bytes(header, rows), f"{name}-{table}.csv", "text/csv")
    context = {
        "report": data,
        "year": year,
        "years": list(range(today.year, 2008, -1)),
        "expiry_days": EXPIRY_DAYS,
        "chart": _chart(data),
        "resource_rows": _resource_rows(data),
        "whole_zone": request.user.has_perm("network.view_zone_network"),
        "breadcrumbs": [("Rete del Terzo settore", reverse("network:home")), ("Report", None)],
    }
    if fmt == "pdf":
        context["printed_on"] = today
        return pdf_response(request, "network/reports/report_pdf.html", context, f"{name}.pdf")
    return render(request, "network/reports/report.html", context)
