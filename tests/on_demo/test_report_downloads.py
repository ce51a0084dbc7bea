"""Every report of §10 downloaded in every format for every demo zone, and the files opened:
the Excel file with openpyxl (a sheet per table, valid and unique names, figures as typed
cells: numbers, percentages with a percent format, the traffic light in its own column), the
CSV parsed, the JSON parsed, the PDF's text extracted (pdftotext, poppler-utils) for one
zone and checked as a PDF for the others (each costs a second or two)."""

import csv
import io
import json
import re
import shutil
import subprocess
import time
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ambito.core.roles import Role
from ambito.core.services import user_create
from ambito.demo.data import CREMA, LUCCA, PISTOIA
from ambito.monitoring.indicators import INDICATORS
from ambito.monitoring.reports import REPORTS, dashboard
from ambito.monitoring.scope import Scope
from ambito.territory.models import Zone

FORMATS = ("xlsx", "csv", "json", "pdf")
# A number written as text ("11,8", "1.234", "-3") is what these files must never hold.
NUMBER_AS_TEXT = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?%?$|^-?\d+(,\d+)?%?$")
FORBIDDEN_IN_SHEET_NAMES = set(":\\/?*[]")
TEXT_CHECKED_ZONE = PISTOIA.code
pytestmark = pytest.mark.django_db


@pytest.fixture
def planner_of(demo, db):
    """A user who may read the zone's reports: the demo's `ufficio.piano` in Pistoia; in the
    other zones (the demo has no planner there) one made for the test, rolled back."""

    def make(zone_code: str):
        zone = Zone.objects.get(code=zone_code)
        if zone_code == PISTOIA.code:
            from ambito.core.models import User

            return User.objects.get(username="ufficio.piano")
        return user_create(
            username=f"piano-{zone_code}",
            password="Una-password-lunga-2026!",
            roles=[Role.PLANNER],
            zone=zone,
        )

    return make


def _download(client, name: str, fmt: str, run_jobs=None):
    response = client.get(reverse("monitoring:report", args=[name]), {"formato": fmt})
    if fmt == "pdf":  # a background job renders it; its page offers the file
        assert response.status_code == 302 and response.url.startswith("/lavori/"), name
        assert run_jobs() == 1
        assert "Scarica il file" in client.get(response.url).content.decode()
        response = client.get(response.url + "file/")
        assert response.status_code == 200, (name, fmt, response.status_code)
        assert f".{fmt}" in response["Content-Disposition"]
        return b"".join(response.streaming_content)
    assert response.status_code == 200, (name, fmt, response.status_code)
    assert f".{fmt}" in response["Content-Disposition"]
    return response.content


def _check_xlsx(name: str, content: bytes, tables: list[dict]) -> None:
    book = load_workbook(io.BytesIO(content))
    assert len(book.worksheets) == len(tables), name
    assert len({s.title.casefold() for s in book.worksheets}) == len(tables)
    for sheet, table in zip(book.worksheets, tables, strict=True):
        assert len(sheet.title) <= 31 and not set(sheet.title) & FORBIDDEN_IN_SHEET_NAMES
        rows = list(sheet.iter_rows())
        header = [c.value for c in rows[0]]
        expected_header = table.get("export_columns") or table["columns"]
        assert header == expected_header, (name, sheet.title)
        expected = table.get("export_rows")
        if expected is None:
            expected = table["rows"] + ([table["totals"]] if table["totals"] else [])
        assert len(rows) - 1 == len(expected), (name, sheet.title)
        for cells, values in zip(rows[1:], expected, strict=True):
            for position, (cell, value) in enumerate(zip(cells, values, strict=False)):
                if not position:  # the row's name ("2" components is a label, not a figure)
                    continue
                if isinstance(cell.value, str):
                    assert not NUMBER_AS_TEXT.match(cell.value), (name, sheet.title, cell.value)
                    assert not re.search(r"\[(verde|giallo|rosso)\]", cell.value)
                if value is None or isinstance(value, bool):
                    continue
                if isinstance(value, int | float) or (
                    isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value)
                ):
                    # JSON gives decimals as exact strings, percentages as percent points.
                    assert isinstance(cell.value, int | float), (name, sheet.title, cell.value)
                    number = float(value)
                    if "%" in cell.number_format:
                        number /= 100
                    assert cell.value == pytest.approx(number), (name, sheet.title)


def _check_csv(name: str, content: bytes, tables: list[dict]) -> None:
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [tables[0]["title"]], name
    # A table's title opens the file and follows each blank line.
    titles = [rows[0][0]] + [rows[i + 1][0] for i, row in enumerate(rows) if not row]
    assert titles == [t["title"] for t in tables]
    for row in rows:
        for value in row:
            # Numbers with a decimal comma and no thousands separator, no sentence in a cell.
            assert not re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", value), (name, value)
            assert not re.search(r"\[(verde|giallo|rosso)\]", value), (name, value)
            if re.fullmatch(r"-?\d+(,\d+)?", value):
                float(value.replace(",", "."))


def _pdf_text(content: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return result.stdout.decode()


@pytest.mark.parametrize("zone_code", [PISTOIA.code, CREMA.code, LUCCA.code])
def test_every_report_downloads_in_every_format_and_opens(client, planner_of, zone_code, run_jobs):
    client.force_login(planner_of(zone_code))
    started, timings = time.monotonic(), []
    for name, report in REPORTS.items():
        files = {}
        for fmt in FORMATS:
            began = time.monotonic()
            files[fmt] = _download(client, name, fmt, run_jobs)
            timings.append((round(time.monotonic() - began, 2), name, fmt))
        payload = json.loads(files["json"])
        assert payload["report"] == name and payload["zone"] == zone_code
        tables = payload["tables"]
        assert tables, name
        _check_xlsx(name, files["xlsx"], tables)
        _check_csv(name, files["csv"], tables)
        pdf = files["pdf"]
        assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:], name
        if zone_code == TEXT_CHECKED_ZONE and shutil.which("pdftotext"):
            text = " ".join(_pdf_text(pdf).split())
            assert report.title in text, name
            assert " ".join(tables[0]["title"].split()) in text, name
    print(f"\n{zone_code}: {round(time.monotonic() - started, 1)} s; slowest:", end=" ")
    print(sorted(timings, reverse=True)[:5])


def test_the_lep_export_has_typed_figures_and_the_light_in_its_own_column(client, planner_of):
    client.force_login(planner_of(PISTOIA.code))
    book = load_workbook(io.BytesIO(_download(client, "lep", "xlsx")))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    column = {name: index for index, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2))
    ratio = next(r for r in rows if r[0].value == "Assistenti sociali per abitanti" and r[1].value)
    assert isinstance(ratio[column["Valore"]].value, int | float)
    assert isinstance(ratio[column["Numeratore"]].value, int | float)  # FTE
    assert ratio[column["Semaforo"]].value in {"verde", "giallo", "rosso"}
    shares = [r for r in rows if r[column["Unità"]].value == "%"]
    assert shares
    for share in shares:
        value = share[column["Valore"]]
        if value.value is not None:
            assert isinstance(value.value, int | float) and "%" in value.number_format
        assert share[column["Obiettivo"]].value == pytest.approx(1.0)


def test_the_municipal_ftes_of_the_demo_add_up_to_the_zone_s(client, planner_of):
    """Issue 15: a social worker serving nine municipalities counted whole in each (Abetone
    Cutigliano 1:532, "29 persone"); apportioned, the municipal FTEs add up to the zone's."""
    zone = Zone.objects.get(code=PISTOIA.code)
    data = dashboard(Scope(zone, timezone.localdate()))
    ratio = next(
        cells
        for _, rows in data["sections"]
        for indicator, cells in rows
        if indicator is INDICATORS["lep-assistenti-sociali"]
    )
    whole, *parts = ratio
    total = sum((Decimal(v.numerator) for v in parts if v.numerator), Decimal("0"))
    assert abs(total - Decimal(whole.numerator)) <= Decimal("0.01") * len(parts)
    columns = dict(zip(data["columns"], ratio, strict=True))
    abetone = columns["Abetone Cutigliano"]
    print(f"\nAmbito: {whole.display}\nAbetone Cutigliano: {abetone.display}")
    assert abetone.detail["heads"] < whole.detail["heads"] or whole.detail["heads"] <= 1


def test_the_coordinator_sees_her_municipalities_and_the_label_says_so(client, as_role):
    """Issue 15: her dashboard showed her first municipality under "Tutto l'ambito"."""
    from ambito.core.models import User

    coordinator = User.objects.get(username="coordinatore")
    names = sorted(coordinator.municipalities.values_list("name", flat=True))
    html = as_role(client, "coordinatore").get(reverse("monitoring:dashboard")).content.decode()
    assert "Comuni seguiti: " + ", ".join(names) in html.replace("&#x27;", "'")
    table = html.split('data-testid="dashboard-1"')[1].split("</table>")[0]
    assert all(name in table for name in names)
