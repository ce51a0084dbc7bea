"""The report's files: Excel (three sheets: lines, months, funds) and CSV (the lines), every
figure a number (core/tables.py). Nothing personal."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse

from ambito.core import tables
from ambito.core.files import file_response

LINE_HEADER = (
    "Servizio", "Tipo", "Ente gestore", "Fondo", "Annualità", "Costo orario (€)", "Segnalati",
    "In attesa", "In carico", "Sospesi", "Chiusi", "Non accolti", "Attesa mediana (giorni)",
    "Attesa media (giorni)", "Attesa più lunga in corso (giorni)", "Ore", "Costo (€)",
)  # fmt: skip
MONTH_HEADER = ("Servizio", "Annualità", "Mese", "Ore", "Costo (€)")
FUND_HEADER = ("Fondo", "Annualità", "Servizi", "Ore", "Costo (€)")


def line_rows(report):
    for f in report.lines:
        line = f.line
        yield (
            line.name, line.get_kind_display(), line.provider.name if line.provider else "",
            line.fund.code, line.year, line.hourly_cost, f.referred, f.waiting, f.active,
            f.suspended, f.closed, f.refused,
            Decimal(str(f.median_wait)) if f.median_wait is not None else None,
            Decimal(str(f.mean_wait)) if f.mean_wait is not None else None,
            f.longest_waiting, f.hours, f.cost,
        )  # fmt: skip


def month_rows(report):
    for f in report.lines:
        for number, label in report.months:
            hours, cost = f.months.get(number, (Decimal(0), Decimal(0)))
            yield (f.line.name, f.line.year, label, hours, cost)


def fund_rows(report):
    for fund, year, hours, cost, count in report.by_fund:
        yield (f"{fund.code} · {fund.name}", year, count, hours, cost)


def download(report, fmt: str) -> HttpResponse:
    name = f"servizi-distrettuali-{report.year}"
    if fmt == "csv":
        return file_response(
            tables.csv_bytes(LINE_HEADER, line_rows(report)), f"{name}.csv", "text/csv"
        )
    content = tables.xlsx_bytes(
        [
            ("Servizi", LINE_HEADER, list(line_rows(report))),
            ("Ore e costi per mese", MONTH_HEADER, list(month_rows(report))),
            ("Per fondo", FUND_HEADER, list(fund_rows(report))),
        ]
    )
    return file_response(content, f"{name}.xlsx", tables.XLSX)
