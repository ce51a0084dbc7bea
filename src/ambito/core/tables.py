"""Tables to files: every export of figures (Excel and CSV) goes through here, so they all
look the same: bold header, frozen first row, readable column widths; CSV with a BOM and
semicolons, as Italian Excel expects.

Text written by users (names, notes, titles) may start like a formula ("=HYPERLINK(...)",
"+cmd|...", "@SUM(...)"): a spreadsheet opening the file would evaluate it (CSV/formula
injection). `safe_cell` turns such text into plain text with a leading apostrophe, the mark
spreadsheets read as "this is text"; in Excel files the cell is also stored as a string, never
as a formula. Numbers (negative ones included) stay numbers.

Every figure is its own typed cell, so that a spreadsheet can sum and chart it:
- Excel: integers and decimals are numbers; a `Percent` (percent points, 11.8) is stored as
  the fraction 0.118 with a percent format ("11,8%" in Italian Excel); a date is a date cell
  shown as dd/mm/yyyy.
- CSV (decided for Italian Excel and LibreOffice, which read it with no import dialog): ";"
  between cells, decimal comma, no thousands separator ("-1234,56"); a `Percent` is written as
  its percent points with a decimal comma ("11,8", the column's header says "%"); a date as
  dd/mm/yyyy. Tools that read CSV programmatically take `decimal=","` (pandas) or the JSON.

Sheet titles go through `sheet_title`: Excel refuses `: \\ / ? * [ ]` and more than 31
characters in a sheet's name, and two sheets with the same name; the title is cut at a word
boundary, never mid-word."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Sheet = tuple[str, Sequence[str], Iterable[Sequence]]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "DD/MM/YYYY"
DECIMAL_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Percent:
    """A percentage in percent points (Decimal("11.8") is 11,8%), exported as a number with a
    percent format; `None` stands for "nothing to compare" (an empty cell). On a page it reads
    "11,8" (the column's header says "%")."""

    points: Decimal | float | int | None
    places: int = 1

    def __str__(self) -> str:
        from ambito.territory.selectors import format_number

        return "—" if self.points is None else format_number(self.points, self.places)


def sheet_title(title: str, used: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name for `title`: the forbidden characters `: \\ / ? * [ ]`
    become spaces, the text is cut at the last word boundary within 31 characters (trailing
    punctuation dropped), and a name already in `used` (compared case-insensitively, as Excel
    does) gets " (2)", " (3)"... The chosen name is added to `used`."""
    used = used if used is not None else set()
    clean = " ".join(SHEET_TITLE_FORBIDDEN.sub(" ", title or "").split()).strip("'") or "Foglio"

    def cut(text: str, limit: int) -> str:
        if len(text) <= limit:
            return text
        # The last space or punctuation within limit + 1 characters ends the last whole word.
        ends = [i for i, char in enumerate(text[: limit + 1]) if char in " ,;."]
        head = text[: ends[-1]] if ends and ends[-1] > 0 else text[:limit]
        return head.rstrip(" ,;.-–—(") or text[:limit]

    name = cut(clean, SHEET_TITLE_MAX)
    number = 1
    while name.casefold() in {u.casefold() for u in used}:
        number += 1
        suffix = f" ({number})"
        name = cut(clean, SHEET_TITLE_MAX - len(suffix)) + suffix
    used.add(name)
    return name


def safe_cell(value):
    """The value to export: text that a spreadsheet would take for a formula gets a leading
    apostrophe; anything that is not text (numbers, dates, None) is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value):
    # Excel keeps numbers as numbers; Decimal becomes float there (2 decimals shown).
    if isinstance(value, Percent):
        return None if value.points is None else float(value.points) / 100
    return float(value) if isinstance(value, Decimal) else safe_cell(value)


def _number_format(value) -> str | None:
    if isinstance(value, Percent):
        return PERCENT_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return DECIMAL_FORMAT
    return None


def csv_value(value):
    """A cell as CSV text: decimal comma for every non-integer number, percent points for a
    `Percent`, dd/mm/yyyy for a date; text through `safe_cell`."""
    if isinstance(value, Percent):
        value = value.points
        if value is None:
            return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return safe_cell(value)


def append_row(sheet, values) -> None:
    """sheet.append, with every text cell stored as a string (openpyxl would otherwise store
    a text starting with "=" as a formula) and percentages, dates and decimals given their
    number format."""
    formats = [_number_format(v) for v in values]
    sheet.append([_cell(v) for v in values])
    for cell, number_format in zip(sheet[sheet.max_row], formats, strict=False):
        if isinstance(cell.value, str):
            cell.data_type = "s"
        elif number_format:
            cell.number_format = number_format


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    used: set[str] = set()
    for position, (title, header, rows) in enumerate(sheets):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        sheet.title = sheet_title(title, used)
        append_row(sheet, [safe_cell(h) for h in header])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        widths = [len(str(h)) for h in header]
        for row in rows:
            append_row(sheet, list(row))
            for index, value in enumerate(list(row)[: len(widths)]):
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
        writer.writerow([csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
