"""Tables to files: every export of figures (Excel and CSV) goes through here, so they all
look the same: bold header, frozen first row, readable column widths; CSV with a BOM and
semicolons, as Italian Excel expects.

Text written by users (names, notes, titles) may start like a formula ("=HYPERLINK(...)",
"+cmd|...", "@SUM(...)"): a spreadsheet opening the file would evaluate it (CSV/formula
injection). `safe_cell` turns such text into plain text with a leading apostrophe, the mark
spreadsheets read as "this is text"; in Excel files the cell is also stored as a string, never
as a formula. Numbers (negative ones included) stay numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value to export: text that a spreadsheet would take for a formula gets a leading
    apostrophe; anything that is not text (numbers, dates, None) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    # Excel keeps numbers as numbers; Decimal becomes float there (2 decimals shown).
    return float(value) if isinstance(value, Decimal) else safe_cell(value)


def append_row(sheet, values) -> None:
    """sheet.append, with every text cell stored as a string: openpyxl would otherwise store
    a text starting with "=" as a formula."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    for position, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        sheet.title = title[:31]
        append_row(sheet, [safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in header]
        for row in rows:
            values = [_cell(v) for v in row]
            append_row(sheet, values)
            for index, value in enumerate(values[: len(widths)]):
                widths[index] = max(widths[index], len(str(value)) if value is not None else 0)
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 60)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(
            [str(v).replace(".", ",") if isinstance(v, Decimal) else safe_cell(v) for v in row]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
