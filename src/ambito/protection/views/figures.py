"""The report "scadenze rispettate": court deadlines met on time by year and authority, as
figures (no person), on the page and as XLSX, CSV and PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.files import file_response
from ambito.core.pdf import render_pdf
from ambito.core.tables import XLSX, Percent, csv_bytes, xlsx_bytes

from ..forms import FiguresFilterForm
from ..scoping import FIGURES
from ..selectors.orders import deadline_figures

HEADER = (
    "Anno", "Autorità giudiziaria", "Scadenze", "Nei termini", "In ritardo",
    "Scadute non consegnate", "Non ancora scadute", "Chiuse senza relazione", "Nei termini %",
)  # fmt: skip


def rows_of(figures):
    for row in [*figures.rows, figures.total]:
        yield (
            row.year or "Totale",
            row.authority_label,
            row.due,
            row.on_time,
            row.late,
            row.overdue,
            row.pending,
            row.closed_without_report,
            Percent(row.on_time_percent),
        )


@login_required
@permission_required(FIGURES, raise_exception=True)
@require_GET
def figures(request):
    form = FiguresFilterForm(request.GET or None)
    year = form.cleaned_data.get("anno") if form.is_valid() else None
    data = deadline_figures(request.user, year=year)
    if data is None:
        raise Http404
    fmt = request.GET.get("formato", "")
    if fmt:
        if fmt not in ("xlsx", "csv", "pdf"):
            raise Http404
        log_access(
            user=request.user,
            action=AccessAction.EXPORT,
            object_type="protection.figures",
            detail={"formato": fmt, "anno": year},
        )
        name = f"scadenze-rispettate-{year or 'tutti-gli-anni'}"
        if fmt == "xlsx":
            body = xlsx_bytes([("Scadenze rispettate", HEADER, list(rows_of(data)))])
            return file_response(body, f"{name}.xlsx", XLSX)
        if fmt == "csv":
            return file_response(csv_bytes(HEADER, rows_of(data)), f"{name}.csv", "text/csv")
        html = render_to_string(
            "protection/figures_pdf.html",
            {"data": data, "year": year, "printed_on": timezone.localdate()},
        )
        return file_response(
            render_pdf(html, request.build_absolute_uri("/")), f"{name}.pdf", "application/pdf"
        )
    query = f"anno={year}&" if year else ""
    return render(
        request,
        "protection/figures.html",
        {
            "data": data,
            "form": form,
            "year": year,
            "query": query,
            "breadcrumbs": [("Scadenze rispettate", None)],
        },
    )
