"""The report of the titoli sociali as tables: the same rows feed the Excel workbook (one sheet
per section), the CSV files and the PDF (numbers stay numbers, core/tables.py)."""

from __future__ import annotations

from ambito.core.tables import Sheet

from .selectors.reports import ProvidersReport

BENEFICIARY = "Beneficiario del buono"


def states_sheet(report: ProvidersReport) -> Sheet:
    header = ["Codice", "Misura", "Stato", "Titoli", "Valore concesso (€)"]
    rows = [[r.scheme.code, r.scheme.title, r.state_label, r.count, r.value] for r in report.states]
    return ("Titoli per misura e stato", header, rows)


def municipalities_sheet(report: ProvidersReport) -> Sheet:
    header = ["Comune di residenza", "Titoli emessi", "Valore emesso (€)", "In lista d'attesa"]
    rows = [[r.municipality, r.issued, r.value_issued, r.waiting] for r in report.municipalities]
    return ("Titoli per comune", header, rows)


def budgets_sheet(report: ProvidersReport) -> Sheet:
    header = [
        "Codice", "Misura", "Budget (€)", "Impegnato (€)", "Residuo (€)", "Speso (€)",
        "Pagato (€)", "In attesa", "Valore in attesa (€)", "Budget usato (%)",
    ]  # fmt: skip
    rows = [
        [
            r.scheme.code,
            r.scheme.title,
            r.budget,
            r.committed,
            r.residual,
            r.spent,
            r.paid,
            r.waiting,
            r.waiting_value,
            r.used,
        ]  # fmt: skip
        for r in report.budgets
    ]
    return ("Budget usato e residuo", header, rows)


def providers_sheet(report: ProvidersReport) -> Sheet:
    header = [
        "Erogatore", "Beneficiari", "Titoli", "Unità erogate", "Validato (€)", "Pagato (€)",
    ]  # fmt: skip
    rows = [
        [r.provider, r.beneficiaries, r.vouchers, r.units, r.validated, r.paid]
        for r in report.providers
    ]
    return ("Beneficiari per erogatore", header, rows)


def months_sheet(report: ProvidersReport) -> Sheet:
    header = [
        "Mese", "Unità registrate", "Registrato (€)", "Unità validate", "Validato (€)",
        "Unità respinte", "Respinto (€)", "Unità pagate", "Pagato (€)", "Pagamenti",
        "Importo dei pagamenti (€)",
    ]  # fmt: skip
    rows = [
        [
            f"{r.month:%m/%Y}",
            r.recorded_units,
            r.recorded,
            r.validated_units,
            r.validated,
            r.rejected_units,
            r.rejected,
            r.paid_units,
            r.paid,
            r.payments,
            r.payments_amount,
        ]  # fmt: skip
        for r in report.months
    ]
    return ("Prestazioni e pagamenti per mese", header, rows)


def payment_rows(payments):
    for p in payments.iterator(chunk_size=2000):
        yield [
            p["act_number"],
            p["paid_on"],
            p["provider__organisation__name"] or BENEFICIARY,
            p["scheme__code"],
            p["amount"],
        ]


def payments_sheet(report: ProvidersReport) -> Sheet:
    header = ["Atto di liquidazione", "Data", "Erogatore", "Misura", "Importo (€)"]
    rows = payment_rows(report.payments) if report.payments is not None else []
    return ("Pagamenti", header, rows)


def portfolio_sheet(report: ProvidersReport) -> Sheet:
    header = [
        "Anno", "Area di servizio", "Fondo", "Importo della voce (€)", "Misure",
        "Budget delle misure (€)", "Impegnato dai titoli (€)", "Pagato (€)",
        "Differenza (€)", "Voce usata (%)",
    ]  # fmt: skip
    rows = [
        [
            r.year,
            r.service_area,
            r.fund,
            r.amount,
            r.schemes,
            r.budgets,
            r.committed,
            r.paid,
            r.difference,
            r.used,
        ]  # fmt: skip
        for r in report.portfolio
    ]
    return ("Portafoglio e titoli emessi", header, rows)


SHEETS = {
    "titoli": states_sheet,
    "comuni": municipalities_sheet,
    "budget": budgets_sheet,
    "erogatori": providers_sheet,
    "mesi": months_sheet,
    "pagamenti": payments_sheet,
    "portafoglio": portfolio_sheet,
}
FULL_ONLY = ("erogatori", "pagamenti")


def tables_for(report: ProvidersReport) -> list[str]:
    """The tables the reader may have: the assembly's report has no providers nor payments."""
    return [name for name in SHEETS if not (report.figures_only and name in FULL_ONLY)]


def report_sheets(report: ProvidersReport) -> list[Sheet]:
    return [SHEETS[name](report) for name in tables_for(report)]
