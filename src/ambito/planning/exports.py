"""The §9 tables as rows, for Excel and CSV (core/tables.py) and for the PDFs."""

from __future__ import annotations

from .choices import ScheduleStatus
from .selectors import FUND_GROUPS

ACTION_HEADER = [
    "Obiettivo",
    "Codice",
    "Azione",
    "Tipo",
    "Modalità di attuazione",
    "Fondo",
    "Annualità",
    "Importo previsto",
    "Impegnato",
    "Pagato",
    "Stato del cronoprogramma",
]
FUND_HEADER = [
    "Fondo",
    "Tipo",
    "Annualità",
    "Assegnato",
    "Programmato",
    "Impegnato",
    "Pagato",
    "Residuo",
    "Interventi sulle cartelle",
    # The split by origin of the fund ledger (selectors.FUND_GROUPS), numbers as numbers.
    *[
        f"{label}: {stage}"
        for _, label, _ in FUND_GROUPS
        for stage in ("programmato", "impegnato", "pagato")
    ],
]
DELIBERATION_HEADER = [
    "Anno",
    "Numero",
    "Data",
    "Oggetto",
    "Esito",
    "Immediatamente eseguibile",
    "Favorevoli (quote %)",
    "Contrari (quote %)",
    "Astenuti (quote %)",
]


def quarter_header(page: dict) -> list[str]:
    return [f"{quarter}° trim. {year}" for year, quarter in page["quarters"]]


def _quarter_text(cell) -> str:
    if cell is None:
        return ""
    parts = (["previsto"] if cell.planned else []) + (
        [cell.get_progress_display().lower()] if cell.progress else []
    )
    return ", ".join(parts)


def action_sheet(page: dict) -> tuple[list[str], list[list]]:
    """The plan's actions with their amounts, status and one column per quarter."""
    header = ACTION_HEADER + quarter_header(page)
    rows = [
        row + [_quarter_text(cell) for cell in cells]
        for row, cells in zip(action_rows(page), _cells(page), strict=True)
    ]
    return header, rows


def _cells(page: dict):
    for _, rows in page["objectives"]:
        for r in rows:
            yield r.cells


def action_rows(page: dict):
    for objective, rows in page["objectives"]:
        for r in rows:
            a = r.action
            yield [
                objective.code,
                a.code,
                a.title,
                a.get_kind_display(),
                a.get_implementation_mode_display() or a.implementation_note,
                a.fund.name if a.fund else "",
                a.funding_year or "",
                a.amount,
                r.committed,
                r.paid,
                ScheduleStatus(r.status).label,
            ]


def fund_rows(rows):
    for r in rows:
        yield [
            r.fund.name,
            r.fund.get_kind_display(),
            r.year,
            r.allocated,
            r.planned,
            r.committed,
            r.paid,
            r.residual,
            r.interventions,
            *_split(r),
        ]


def _split(row) -> list:
    groups = {g.key: g for g in row.groups}
    cells = []
    for key, _, _ in FUND_GROUPS:
        g = groups.get(key)
        cells += [g.planned, g.committed, g.paid] if g else [0, 0, 0]
    return cells


def portfolio_sheet(matrix):
    header = ["Area di servizio", *[f.name for f in matrix.funds], "Totale"]
    rows = [[area, *cells, total] for area, cells, total in matrix.rows()]
    rows.append(["Totale", *[matrix.column_totals[f.pk] for f in matrix.funds], matrix.total])
    return header, rows


def deliberation_rows(deliberations):
    for d in deliberations:
        weights = {"favour": 0, "against": 0, "abstained": 0}
        for vote in d.votes.all():
            weights[vote.choice] += vote.share
        yield [
            d.year,
            d.number,
            d.date.strftime("%d/%m/%Y"),
            d.subject,
            d.get_outcome_display(),
            "sì" if d.immediately_executable else "no",
            weights["favour"],
            weights["against"],
            weights["abstained"],
        ]
