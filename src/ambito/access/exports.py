"""CSV and Excel files of the needs observatory: the same figures as the page, numbers as
numbers (shares and changes as percentages, core/tables.py), Italian headers. CSV with ';',
decimal comma and a UTF-8 BOM, as Excel in Italian expects."""

from __future__ import annotations

import csv
import io

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ambito.core.tables import Percent, append_row, csv_value, safe_cell, sheet_title

from .observatory import ObservatoryReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CUBE_HEADER = ["Anno", "Periodo", "Comune di residenza", "Area di bisogno", "Accessi"]


def filename(report: ObservatoryReport) -> str:
    parts = ["osservatorio", slugify(report.zone.code), str(report.year), report.period_name]
    if report.municipality:
        parts.append(slugify(report.municipality.name))
    if report.access_point:
        parts.append(slugify(report.access_point.name))
    return "-".join(parts)


def _filters(report: ObservatoryReport) -> str:
    return (
        f"{report.zone.name}, {report.year}, per {report.period_name}"
        f"{', comune ' + report.municipality.name if report.municipality else ''}"
        f"{', punto di accesso ' + report.access_point.name if report.access_point else ''}"
    )


def cube_rows(report: ObservatoryReport) -> list[list]:
    """Contacts by period × municipality × need area (a contact counts once per area)."""
    return [[report.year, c.period, c.municipality, c.area, c.contacts] for c in report.cells]


def report_csv(report: ObservatoryReport) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CUBE_HEADER)
    writer.writerows([csv_value(v) for v in row] for row in cube_rows(report))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list], first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = sheet_title(title, {s.title for s in workbook.worksheets if s is not sheet})
    append_row(sheet, [safe_cell(v) for v in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [safe_cell(v) for v in row])
    sheet.freeze_panes = "B2"
    for index, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[index - 1])) for r in rows[:500]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 50)
    return sheet


def report_xlsx(report: ObservatoryReport) -> bytes:
    workbook = Workbook()
    _sheet(
        workbook,
        "Aree per periodo",
        [
            "Area di bisogno",
            *report.period_labels,
            "Totale",
            f"Stesso periodo {report.year - 1}",
        ],
        [[r.name, *r.by_period, r.total, r.previous_total] for r in report.areas]
        + [
            [
                "Accessi (distinti)",
                *[t.contacts for t in report.trend],
                report.total,
                report.previous_total,
            ]
        ],
        first=True,
    )
    _sheet(workbook, "Dati", CUBE_HEADER, cube_rows(report))
    _sheet(
        workbook,
        "Aree per comune",
        ["Comune di residenza", *report.municipality_area_names, "Accessi (distinti)"],
        [[name, *counts, total] for name, counts, total in report.area_municipality],
    )
    _sheet(
        workbook,
        "Andamento",
        ["Periodo", f"Accessi {report.year}", f"Accessi {report.year - 1}", "Variazione %"],
        [[t.label, t.contacts, t.previous, Percent(t.change)] for t in report.trend],
    )
    _sheet(
        workbook,
        "Bisogni ricorrenti",
        [
            "Area di bisogno",
            "Accessi",
            "Quota % sugli accessi",
            f"Accessi stesso periodo {report.year - 1}",
            "Variazione %",
        ],
        [
            [r.name, r.total, Percent(r.share), r.previous_total, Percent(r.change)]
            for r in report.recurring
        ],
    )
    _sheet(
        workbook,
        "Accessi",
        ["Voce", "Accessi", "Quota %"],
        [
            ["Anonimi", report.anonymous.count, Percent(report.anonymous.share)],
            ["Identificati", report.identified.count, Percent(report.identified.share)],
        ]
        + [[f"Canale: {s.label}", s.count, Percent(s.share)] for s in report.channels]
        + [[f"Esito: {s.label}", s.count, Percent(s.share)] for s in report.outcomes],
    )
    _sheet(
        workbook,
        "Invii",
        ["Tipo di invio", "Destinazione", "Accessi", "Quota %"],
        [[r.kind, r.destination, r.count, Percent(r.share)] for r in report.referrals],
    )
    info = workbook.create_sheet(sheet_title("Note", {s.title for s in workbook.worksheets}))
    append_row(info, ["Osservatorio dei bisogni", safe_cell(_filters(report))])
    append_row(info, ["Confronto", safe_cell(report.comparison)])
    append_row(
        info,
        [
            "Nota",
            "Solo dati aggregati. Un accesso con più aree di bisogno è contato "
            "una volta per ciascuna area; gli accessi distinti sono contati a parte.",
        ],
    )
    info.column_dimensions["A"].width = 26
    info.column_dimensions["B"].width = 100
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
