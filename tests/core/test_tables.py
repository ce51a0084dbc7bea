"""Exports never hand a spreadsheet a formula written by a user; numbers stay numbers."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from ambito.core.tables import csv_bytes, safe_cell, xlsx_bytes

DANGEROUS = [
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_in_a_text_cell_is_neutralised_in_csv(text):
    rows = _csv_rows(csv_bytes(["Nome"], [[text]]))
    assert rows[1][0] == "'" + text


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_formula_in_a_text_cell_is_a_plain_string_in_xlsx(text):
    workbook = load_workbook(io.BytesIO(xlsx_bytes([("Foglio", ["Nome"], [[text]])])))
    cell = workbook.active["A2"]
    assert cell.data_type == "s"
    # XML reads a carriage return back as a line feed.
    assert cell.value.replace("\n", "\r") in (text, "'" + text)
    # Excel evaluates what the file stores as <f>: nothing of the kind in the sheet.
    assert "<f>" not in _sheet_xml(xlsx_bytes([("Foglio", ["Nome"], [[text]])]))


def test_numbers_stay_numbers_negative_ones_included():
    row = [-5, -2.5, Decimal("-1234.56"), 0, 3, "testo"]
    parsed = _csv_rows(csv_bytes(list("abcdef"), [row]))[1]
    assert parsed == ["-5", "-2,5", "-1234,56", "0", "3", "testo"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Foglio", list("abcdef"), [row])]))).active
    assert [c.value for c in sheet[2]] == [-5, -2.5, -1234.56, 0, 3, "testo"]
    assert all(c.data_type == "n" for c in sheet[2][:5])


def test_safe_cell_leaves_harmless_values_alone():
    assert safe_cell("Mario Rossi") == "Mario Rossi"
    assert safe_cell("") == ""
    assert safe_cell(None) is None
    assert safe_cell(-3) == -3
    assert safe_cell(Decimal("-1.50")) == Decimal("-1.50")
    assert safe_cell("=1") == "'=1"


def _sheet_xml(content: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def _report(area_name: str):
    from ambito.access.observatory import ObservatoryReport  # noqa: F401 (the real shape)

    cell = SimpleNamespace(period="gen", municipality=area_name, area=area_name, contacts=3)
    share = SimpleNamespace(label=area_name, count=1, share=Decimal("-0.5"))
    area = SimpleNamespace(
        name=area_name, by_period=[1], total=1, previous_total=0, share=1, change=-10
    )
    return SimpleNamespace(
        zone=SimpleNamespace(code="zona-a", name="Zona A"),
        year=2025,
        period_name="mese",
        municipality=None,
        access_point=None,
        cells=[cell],
        period_labels=["gen"],
        areas=[area],
        trend=[SimpleNamespace(label="gen", contacts=1, previous=0, change=-100)],
        total=1,
        previous_total=0,
        municipality_area_names=[area_name],
        area_municipality=[(area_name, [1], 1)],
        recurring=[area],
        anonymous=share,
        identified=share,
        channels=[share],
        outcomes=[share],
        referrals=[SimpleNamespace(kind=area_name, destination=area_name, count=1, share=1)],
        comparison="Confronto tra l'intero 2025 e l'intero 2024.",
    )


def test_the_observatory_exports_neutralise_formulas_too():
    from ambito.access import exports

    report = _report("=cmd|'/C calc'!A0")
    rows = _csv_rows(exports.report_csv(report))
    assert rows[1][2] == "'=cmd|'/C calc'!A0"
    assert rows[1][4] == "3"
    content = exports.report_xlsx(report)
    assert "<f>" not in _sheet_xml(content)
    trend = load_workbook(io.BytesIO(content))["Andamento"]
    assert trend["D2"].value == -1  # -100%, a number with a percent format
    assert "%" in trend["D2"].number_format


# --- sheet titles (issue 15: "1. Fondi: assegnato..." made Excel exports answer 500) -------


@pytest.mark.parametrize(
    "title",
    [
        "2. Fondi: assegnato, programmato, impegnato, pagato, residuo",
        "Domande a/b [2018]? * \\ tutte",
        "1. Nuclei beneficiari per numero di componenti (Tabella 1)",
        "Osservatorio: accessi per area, dal 1/1/2026 al 04/12/2026",
    ],
)
def test_a_sheet_title_is_valid_and_cut_at_a_word_boundary(title):
    from ambito.core.tables import sheet_title

    name = sheet_title(title)
    assert len(name) <= 31
    assert not set(name) & set(":\\/?*[]")

    def words(text):
        return "".join(c if c.isalnum() else " " for c in text).split()

    # Every word kept is whole, and in the title's order.
    kept = words(name)
    assert kept == words(title)[: len(kept)], name
    load_workbook(io.BytesIO(xlsx_bytes([(title, ["a"], [[1]])])))


def test_sheet_titles_are_unique_within_a_workbook():
    title = "Operatori per profilo e funzione (Tabella 3)"
    content = xlsx_bytes([(title, ["a"], [[1]]), (title, ["a"], [[2]]), ("OPERATORI", ["a"], [])])
    names = load_workbook(io.BytesIO(content)).sheetnames
    assert len({n.casefold() for n in names}) == 3
    assert names[0] == "Operatori per profilo e"
    assert names[1].endswith(" (2)") and len(names[1]) <= 31


def test_a_title_cut_mid_word_before_is_now_cut_between_words():
    from ambito.core.tables import sheet_title

    assert sheet_title("1. Nuclei beneficiari per numero di componenti") == (
        "1. Nuclei beneficiari per"
    )


# --- typed cells -----------------------------------------------------------------------------


def test_percentages_and_dates_are_typed_cells_in_xlsx_and_readable_numbers_in_csv():
    import datetime as dt

    from ambito.core.tables import Percent

    row = [Percent(Decimal("11.8")), dt.date(2018, 11, 30), Decimal("55.67"), 3071, Percent(None)]
    header = ["Quota %", "Data", "ETP", "Abitanti", "Variazione %"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes([("Foglio", header, [row])]))).active
    share, day, fte, inhabitants, empty = sheet[2]
    assert share.value == pytest.approx(0.118) and "%" in share.number_format
    assert day.is_date and day.value.date() == dt.date(2018, 11, 30)
    assert fte.value == pytest.approx(55.67) and fte.data_type == "n"
    assert inhabitants.value == 3071
    assert empty.value is None
    assert _csv_rows(csv_bytes(header, [row]))[1] == ["11,8", "30/11/2018", "55,67", "3071", ""]
    assert str(Percent(Decimal("11.8"))) == "11,8"
