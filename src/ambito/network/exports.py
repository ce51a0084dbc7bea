"""The network report as tables: the same rows feed the Excel workbook, the CSV files and
the API (numbers stay numbers, core/tables.py)."""

from __future__ import annotations

from ambito.core.tables import Percent, Sheet

from .selectors.reports import NetworkReport

TABLES = ("linee", "settori", "risorse", "convenzioni")


def lines_sheet(report: NetworkReport) -> Sheet:
    header = ["Patto", "Codice", "Linea", "Enti impegnati"]
    header += [label for _, label in report.states] + ["Totale candidature"]
    rows = [
        [row.line.plan.title, row.line.code, row.line.title, row.adherents]
        + [row.states[code] for code, _ in report.states]
        + [row.total]
        for row in report.lines
    ]
    return ("Candidature per linea", header, rows)


def fields_sheet(report: NetworkReport) -> Sheet:
    header = ["Settore di attività", f"Enti aderenti al {report.on:%d/%m/%Y}"]
    return ("Aderenti per settore", header, [list(r) for r in report.fields_of_activity])


def resources_sheet(report: NetworkReport) -> Sheet:
    header = [
        "Ente",
        "Linea",
        "Ore/mese dichiarate",
        "Persone dichiarate",
        "Risorse economiche dichiarate (€)",
        f"Mesi documentati nel {report.year}",
        "Ore documentate",
        "Ore/mese documentate",
        "Copertura (%)",
        "Spese documentate (€)",
        "Ore di formazione",
    ]
    rows = [
        [
            r.organisation,
            f"{r.line_code} {r.line_title}",
            r.hours_per_month_committed,
            r.people_committed,
            r.money_committed,
            r.months_documented,
            r.hours_documented,
            r.hours_per_month_documented,
            Percent(r.coverage),
            r.expenses_documented,
            r.training_hours,
        ]
        for r in report.resources
    ]
    return ("Risorse dichiarate e documentate", header, rows)


def agreements_sheet(report: NetworkReport) -> Sheet:
    header = ["Numero", "Oggetto", "Ente", "Linea", "Dal", "Al", "Importo (€)", "Tetto (€)"]
    rows = [
        [
            a.number,
            a.subject,
            a.organisation.name,
            a.line.code if a.line else "",
            a.starts_on,
            a.ends_on,
            a.amount,
            a.reimbursement_ceiling,
        ]
        for a in report.expiring
    ]
    return ("Convenzioni in scadenza", header, rows)


SHEETS = {
    "linee": lines_sheet,
    "settori": fields_sheet,
    "risorse": resources_sheet,
    "convenzioni": agreements_sheet,
}


def report_sheets(report: NetworkReport) -> list[Sheet]:
    return [build(report) for build in SHEETS.values()]
