"""The report of the titoli sociali (page) and its Excel, CSV and PDF files. Who reads which
sections is decided in selectors/reports.py (`report_scope`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.files import file_response
from ambito.core.pdf import render_pdf
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes

from .. import exports
from ..selectors.reports import providers_report, report_scope

PAGE_SIZE = 50
TABLE_LABELS = {
    "titoli": "titoli per misura e stato",
    "comuni": "comuni",
    "budget": "budget",
    "erogatori": "erogatori",
    "mesi": "mesi",
    "pagamenti": "pagamenti",
    "portafoglio": "portafoglio",
}


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("anno", today.year))
    except ValueError:
        return today.year
    return year if 2000 <= year <= today.year + 5 else today.year


def _context(request, data, year: int) -> dict:
    today = timezone.localdate()
    tables = exports.tables_for(data)
    return {
        "report": data,
        "year": year,
        "years": list(range(today.year + 1, 2005, -1)),
        "totals": data.totals,
        "downloads": [(name, TABLE_LABELS[name]) for name in tables],
        "breadcrumbs": [("Titoli sociali: rapporto", None)],
    }


@login_required
@require_GET
def report(request):
    zone_id, figures_only = report_scope(request.user)
    year = _year(request)
    data = providers_report(zone_id, year, figures_only=figures_only)
    context = _context(request, data, year)
    if data.payments is not None:
        context["page"] = Paginator(data.payments, PAGE_SIZE).get_page(request.GET.get("pagina"))
        context["querystring"] = f"anno={year}"
        context["payment_rows"] = list(exports.payment_rows(context["page"].object_list))
    return render(request, "providers/reports/report.html", context)


@login_required
@require_GET
def report_export(request):
    zone_id, figures_only = report_scope(request.user)
    year = _year(request)
    fmt = request.GET.get("formato", "xlsx")
    table = request.GET.get("tabella", "")
    data = providers_report(zone_id, year, figures_only=figures_only)
    if fmt not in ("xlsx", "csv", "pdf") or (
        fmt == "csv" and table not in exports.tables_for(data)
    ):
        raise Http404
    detail = {"formato": fmt, "anno": year}
    if table and fmt == "csv":
        detail["tabella"] = table
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        object_type="providers.report",
        detail=detail,
    )
    name = f"titoli-sociali-{year}"
    if fmt == "xlsx":
        return file_response(xlsx_bytes(exports.report_sheets(data)), f"{name}.xlsx", XLSX)
    if fmt == "csv":
        _, header, rows = exports.SHEETS[table](data)
        return file_response(csv_bytes(header, rows), f"{name}-{table}.csv", "text/csv")
    context = _context(request, data, year)
    context["printed_on"] = timezone.localdate()
    if data.payments is not None:
        context["payments"] = list(exports.payment_rows(data.payments))
    html = render_to_string("providers/reports/report_pdf.html", context)
    pdf = render_pdf(html, request.build_absolute_uri("/"))
    return file_response(pdf, f"{name}.pdf", "application/pdf", attachment=False)
