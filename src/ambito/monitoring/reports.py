"""The zone's reports (DOMAIN §10), each a function of a Scope that returns tables of figures
computed from the records, and their renderings (JSON, CSV, XLSX, PDF). Totals are computed
from the rows, never typed in. Used by the pages, the API and `python -m ambito report`."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Sum

from ambito.core.tables import Percent, csv_bytes, xlsx_bytes
from ambito.measures.models import Application, ApplicationStatus, Measure
from ambito.measures.selectors import with_status_on
from ambito.registry.models import Household, HouseholdMember
from ambito.registry.selectors import household_profile
from ambito.territory.choices import AccessPointKind
from ambito.territory.models import AccessPoint, Staff
from ambito.territory.selectors import format_number
from ambito.territory.selectors.access_points import is_active_on, weekly_opening_hours
from ambito.territory.selectors.staff import fte_shares

from .indicators import FULL_TIME_HOURS, INDICATORS, _populations, population
from .scope import Scope

STATUS_LABELS = {"green": "verde", "amber": "giallo", "red": "rosso", None: ""}


@dataclass
class Table:
    """A table of a report. `rows` are what the page and the PDF show; the files (CSV, XLSX,
    JSON) take `export_columns`/`export_rows` when a table gives them: one typed cell per
    figure where the page shows a sentence (the LEP dashboard)."""

    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    totals: list | None = None
    note: str = ""
    export_columns: list[str] | None = None
    export_rows: list[list] | None = None

    def export(self) -> tuple[list[str], list[list]]:
        """(header, rows with the totals) of the files."""
        if self.export_columns is not None:
            return self.export_columns, list(self.export_rows or [])
        return self.columns, list(self.rows) + ([self.totals] if self.totals else [])


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    description: str
    build: Callable[[Scope], list[Table]]


# --- the LEP dashboard ------------------------------------------------------------------------


def dashboard(scope: Scope) -> dict:
    """The indicators for the scope and, at zone level, for each municipality: {"columns":
    [names], "sections": [(title, [(indicator, [Value or None per column])])]}."""
    municipalities = [] if scope.municipality else scope.municipalities
    if scope.municipality is not None:
        columns = [scope.municipality.name]
    else:
        columns = ["Ambito" if scope.is_zone else "Comuni seguiti"]
    columns += [m.name for m in municipalities]
    sections = []
    for lep, title in ((True, "Livelli essenziali (LEP)"), (False, "Indicatori del percorso")):
        rows = []
        for indicator in INDICATORS.values():
            if indicator.lep is not lep:
                continue
            cells = [indicator.value(scope)]
            for m in municipalities:
                cells.append(indicator.value(scope.at(m)) if indicator.per_municipality else None)
            rows.append((indicator, cells))
        sections.append((title, rows))
    return {"columns": columns, "sections": sections}


def target_text(indicator) -> str:
    """The target with its unit: "≥ 100%", "≤ 5.000 abitanti per ETP", "≥ 1 équipe"."""
    if indicator.target is None:
        return ""
    sign = "≤" if indicator.direction == "max" else "≥"
    unit = "%" if indicator.unit == "%" else f" {indicator.unit}" if indicator.unit else ""
    return f"{sign} {format_number(indicator.target)}{unit}"


EXPORT_COLUMNS = [
    "Indicatore",
    "Dove",
    "Valore",
    "Unità",
    "Obiettivo",
    "Verso",
    "Semaforo",
    "Numeratore",
    "Denominatore",
    "Descrizione",
]


def _typed(indicator, number):
    if number is None:
        return None
    return Percent(number) if indicator.unit == "%" else number


def _export_row(indicator, where: str, value) -> list:
    """One indicator in one column of the dashboard, a typed cell per figure: the value (a
    percentage for the shares), its unit, the target and its direction, the traffic light,
    the numerator and denominator (for the social workers: FTE and inhabitants)."""
    direction = {"max": "al più", "min": "almeno"}.get(indicator.direction, "")
    if value is None:
        return [indicator.label, where, None, indicator.unit, None, "", "", None, None, "—"]
    return [
        indicator.label,
        where,
        _typed(indicator, value.value),
        indicator.unit,
        _typed(indicator, indicator.target),
        direction if indicator.target is not None else "",
        STATUS_LABELS[value.status],
        value.numerator,
        value.denominator,
        value.display,
    ]


def lep_dashboard(scope: Scope) -> list[Table]:
    """Indicators × (zone, each municipality): what is shown and the traffic light; in the
    files, one row per indicator and column, with a typed cell per figure."""
    data = dashboard(scope)
    tables = []
    for title, rows in data["sections"]:
        table = Table(title, ["Indicatore", "Obiettivo", *data["columns"]])
        table.export_columns = EXPORT_COLUMNS
        table.export_rows = [
            _export_row(indicator, where, cell)
            for indicator, cells in rows
            for where, cell in zip(data["columns"], cells, strict=True)
            if cell is not None
        ]
        for indicator, cells in rows:
            table.rows.append(
                [indicator.label, target_text(indicator)]
                + [
                    "—"
                    if c is None
                    else (f"{c.display} [{STATUS_LABELS[c.status]}]" if c.status else c.display)
                    for c in cells
                ]
            )
        tables.append(table)
    return tables


# --- Tabella 1: profile of the beneficiary households ----------------------------------------


def _beneficiary_households(scope: Scope):
    applications = with_status_on(
        Application.objects.filter(zone=scope.zone, household__isnull=False), scope.as_of
    ).filter(status_then=ApplicationStatus.POSITIVE)
    if not scope.is_zone:
        applications = applications.filter(municipality__in=scope.municipality_ids)
    return Household.objects.filter(pk__in=applications.values("household_id")).prefetch_related(
        Prefetch("memberships", queryset=HouseholdMember.objects.select_related("person"))
    )


def _q1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def household_profiles(scope: Scope) -> list[Table]:
    sizes: Counter = Counter()
    minors_by_size: Counter = Counter()
    single_parent = babies = 0
    for household in _beneficiary_households(scope):
        profile = household_profile(household, scope.as_of)
        size = min(profile.size, 6)  # seed 002 Tabella 1: 1 to 5 members, "+ 5"
        sizes[size] += 1
        minors_by_size[size] += profile.minors_count
        single_parent += profile.single_parent
        babies += profile.children_0_3 > 0
    total = sum(sizes.values())
    labels = {1: "1 componente", 2: "2", 3: "3", 4: "4", 5: "5", 6: "più di 5"}

    def share_of(count: int) -> Percent:
        return Percent(_q1(Decimal(100 * count) / total) if total else None)

    table = Table(
        "Nuclei beneficiari per numero di componenti (Tabella 1)",
        ["Componenti", "Nuclei", "Quota %", "Minori nei nuclei"],
        [[labels[s], sizes[s], share_of(sizes[s]), minors_by_size[s]] for s in range(1, 7)],
        ["Totale", total, share_of(total), sum(minors_by_size.values())],
    )
    extra = Table(
        "Caratteristiche dei nuclei beneficiari",
        ["Caratteristica", "Nuclei", "Quota %"],
        [
            ["Monogenitoriali", single_parent, share_of(single_parent)],
            ["Con bambini da 0 a 3 anni", babies, share_of(babies)],
        ],
    )
    return [table, extra]


# --- Tabella 2: access points ------------------------------------------------------------------


def _hours(points) -> Decimal:
    return sum((weekly_opening_hours(list(p.opening_hours.all())) for p in points), Decimal("0"))


def access_points_table(scope: Scope) -> list[Table]:
    """Access points and weekly opening hours per municipality, a year before the date and on
    the date (the strengthening of the period)."""
    before = scope.as_of - dt.timedelta(days=365)
    points = list(
        AccessPoint.objects.filter(zone=scope.zone)
        .prefetch_related("opening_hours")
        .select_related("municipality")
    )
    rows = []
    for m in scope.municipalities:
        here = [p for p in points if p.municipality_id == m.pk]
        then = [p for p in here if is_active_on(p, before)]
        now = [p for p in here if is_active_on(p, scope.as_of)]
        rows.append([m.name, len(then), _hours(then), len(now), _hours(now)])
    totals = ["Totale"] + [sum((r[i] for r in rows), 0) for i in range(1, 5)]
    # Seed 002 counts the URP (where REI applications are taken) apart from the segretariato
    # presidi: the points of each kind open on the date.
    kinds = [k for k in AccessPointKind if any(p.kind == k for p in points)]
    by_kind = []
    for m in scope.municipalities:
        open_here = [
            p for p in points if p.municipality_id == m.pk and is_active_on(p, scope.as_of)
        ]
        by_kind.append([m.name, *[sum(1 for p in open_here if p.kind == k) for k in kinds]])
    return [
        Table(
            "Punti di accesso e ore di apertura settimanali (Tabella 2)",
            [
                "Comune",
                f"Punti al {before:%d/%m/%Y}",
                "Ore settimanali",
                f"Punti al {scope.as_of:%d/%m/%Y}",
                "Ore settimanali",
            ],
            rows,
            totals,
        ),
        Table(
            f"Punti di accesso per tipo al {scope.as_of:%d/%m/%Y}",
            ["Comune", *[k.label for k in kinds]],
            by_kind,
            ["Totale", *[sum(r[i] for r in by_kind) for i in range(1, len(kinds) + 1)]],
        ),
    ]


# --- Tabella 3: staff --------------------------------------------------------------------------


def _apportioned_staff(scope: Scope) -> list[tuple[dict, Decimal]]:
    """(staff row, share of their hours in the scope): 1 for the zone; in a municipality (or a
    union of them) the part apportioned there (territory fte_shares), persons without a share
    left out."""
    staff = list(
        Staff.objects.filter(zone=scope.zone, active=True).values(
            "pk", "profile", "area", "weekly_hours", "funded_by", "annual_cost"
        )
    )
    if scope.is_zone:
        return [(row, Decimal(1)) for row in staff]
    shares = fte_shares(
        [row["pk"] for row in staff],
        municipality_ids=[m.pk for m in Scope(scope.zone, scope.as_of).municipalities],
        populations=_populations(scope),
    )
    ids = set(scope.municipality_ids)
    result = []
    for row in staff:
        share = sum((v for m, v in shares[row["pk"]].items() if m in ids), Decimal(0))
        if share:
            result.append((row, share))
    return result


def staff_table(scope: Scope) -> list[Table]:
    """Tabella 3: persons, hours and FTE by profile and function. In a municipality each
    person's hours are apportioned (their recorded split, else by population), so the
    municipal FTEs add up to the zone's; "Persone" counts those with a share there."""
    labels = dict(Staff._meta.get_field("profile").choices)
    areas = dict(Staff._meta.get_field("area").choices)
    tenth, cent = Decimal("0.1"), Decimal("0.01")
    groups: dict = {}
    funded_groups: dict = {}
    for row, share in _apportioned_staff(scope):
        hours = Decimal(row["weekly_hours"]) * share
        key = (row["profile"], row["area"])
        heads, total = groups.get(key, (0, Decimal(0)))
        groups[key] = (heads + 1, total + hours)
        if row["funded_by"]:
            key = (row["funded_by"], row["profile"])
            heads, total, cost = funded_groups.get(key, (0, Decimal(0), Decimal(0)))
            funded_groups[key] = (
                heads + 1,
                total + hours,
                cost + (row["annual_cost"] or Decimal(0)) * share,
            )
    rows = [
        [
            labels.get(profile, profile),
            areas.get(area, area),
            heads,
            hours.quantize(tenth),
            (hours / FULL_TIME_HOURS).quantize(cent),
        ]
        for (profile, area), (heads, hours) in sorted(groups.items())
    ]
    extra = [
        [funded_by, labels.get(profile, profile), heads, hours.quantize(tenth), cost.quantize(cent)]
        for (funded_by, profile), (heads, hours, cost) in sorted(funded_groups.items())
    ]
    return [
        Table(
            "Operatori per profilo e funzione (Tabella 3)",
            ["Profilo", "Funzione", "Persone", "Ore settimanali", "ETP"],
            rows,
            [
                "Totale",
                "",
                sum(r[2] for r in rows),
                sum((r[3] for r in rows), Decimal("0")),
                sum((r[4] for r in rows), Decimal("0")),
            ],
            note=f"Abitanti: {format_number(population(scope))}",
        ),
        Table(
            "Personale aggiuntivo per fonte di finanziamento (§5.1)",
            ["Finanziato da", "Profilo", "Persone", "Ore settimanali", "Valore economico annuo"],
            extra,
            [
                "Totale",
                "",
                sum(r[2] for r in extra),
                sum((r[3] for r in extra), Decimal("0")),
                sum((r[4] for r in extra), Decimal("0")),
            ],
        ),
    ]


# --- applications by municipality and status ("DOMANDE REI") ----------------------------------


def applications_table(scope: Scope) -> list[Table]:
    tables = []
    used = (
        Application.objects.filter(zone=scope.zone).values_list("measure_id", flat=True).distinct()
    )
    for measure in Measure.objects.filter(pk__in=used).order_by("valid_from"):
        # The status each application had on the date (its history), not today's.
        qs = with_status_on(
            Application.objects.filter(zone=scope.zone, measure=measure), scope.as_of
        ).exclude(status_then=None)
        counts = {
            (m, s): n
            for m, s, n in qs.values_list("municipality_id", "status_then")
            .annotate(n=Count("pk"))
            .order_by()
        }
        statuses = list(ApplicationStatus.choices)
        rows = []
        for m in scope.municipalities:
            cells = [counts.get((m.pk, value), 0) for value, _ in statuses]
            rows.append([m.name, *cells, sum(cells)])
        totals = ["Totale"] + [sum(r[i] for r in rows) for i in range(1, len(statuses) + 2)]
        tables.append(
            Table(
                f"Domande {measure.code} per comune e stato",
                ["Comune", *[label for _, label in statuses], "Totale"],
                rows,
                totals,
            )
        )
    return tables or [Table("Domande per comune e stato", ["Comune"], [], None, "Nessuna domanda.")]


# --- plan execution and funds ------------------------------------------------------------------


def planning_tables(scope: Scope) -> list[Table]:
    from ambito.planning.models import Plan
    from ambito.planning.selectors import fund_table, plan_page

    tables = []
    status_rows = []
    for plan in Plan.objects.filter(zone=scope.zone, period_start__lte=scope.as_of).order_by(
        "period_start"
    ):
        page = plan_page(plan=plan, today=scope.as_of)
        counts = Counter(r.status for _, rows in page["objectives"] for r in rows)
        status_rows.append(
            [
                plan.title,
                plan.get_status_display(),
                counts["not_started"],
                counts["on_time"],
                counts["late"],
                counts["done"],
                sum(counts.values()),
                page["total"],
            ]
        )
    tables.append(
        Table(
            "Esecuzione dei piani: azioni per stato del cronoprogramma",
            [
                "Piano",
                "Stato",
                "Non avviate",
                "In linea",
                "In ritardo",
                "Concluse",
                "Azioni",
                "Importo",
            ],
            status_rows,
        )
    )
    funds = fund_table(zone_id=scope.zone.pk)
    rows = [
        [
            r.fund.name,
            r.year,
            r.allocated,
            r.planned,
            r.committed,
            r.paid,
            r.residual,
            r.interventions,
        ]
        for r in funds
    ]
    tables.append(
        Table(
            "Fondi: assegnato, programmato, impegnato, pagato, residuo",
            [
                "Fondo",
                "Anno",
                "Assegnato",
                "Programmato",
                "Impegnato",
                "Pagato",
                "Residuo",
                "Interventi sulle cartelle",
            ],
            rows,
            ["Totale", ""] + [sum((r[i] for r in rows), Decimal("0")) for i in range(2, 7)],
        )
    )
    return tables


# --- observatory and emergencies ---------------------------------------------------------------


def observatory_table(scope: Scope) -> list[Table]:
    from ambito.access.models import ContactTally
    from ambito.catalog.models import NeedArea

    year = scope.as_of.year
    tallies = ContactTally.objects.filter(
        zone=scope.zone,
        dimension="need_area",
        month__gte=dt.date(year, 1, 1),
        month__lte=scope.as_of,
    )
    if not scope.is_zone:
        tallies = tallies.filter(municipality_key__in=scope.municipality_ids)
    counts = dict(tallies.values_list("value").annotate(n=Sum("count")).order_by())
    names = dict(NeedArea.objects.values_list("code", "name"))
    rows = sorted(([names.get(k, k), n] for k, n in counts.items()), key=lambda r: -r[1])
    return [
        Table(
            f"Osservatorio dei bisogni: accessi per area, dal 1/1/{year} al {scope.as_of:%d/%m/%Y}",
            ["Area di bisogno", "Accessi"],
            rows,
            ["Totale (un accesso può avere più aree)", sum(r[1] for r in rows)],
        )
    ]


def emergencies_table(scope: Scope) -> list[Table]:
    from ambito.emergency.reports import emergency_report

    def read(municipality):
        return emergency_report(
            zone_ids=[scope.zone.pk],
            start=dt.date(scope.as_of.year, 1, 1),
            end=scope.as_of,
            municipality=municipality,
        )

    if scope.served:
        # The union of the served municipalities: outcomes add up; response times do not
        # (medians), so they are given for each municipality.
        outcomes: Counter = Counter()
        notes = []
        for municipality in scope.municipalities:
            part = read(municipality)
            outcomes.update(dict(part.by_outcome))
            notes.append(f"{municipality.name}: {part.response.sentence}")
        rows = [[label, n] for label, n in outcomes.items()]
        return [
            Table(
                f"Pronto intervento sociale dal 1/1/{scope.as_of.year} al {scope.as_of:%d/%m/%Y}",
                ["Esito", "Segnalazioni"],
                rows,
                ["Totale", sum(n for _, n in rows)],
                note="Tempo alla prima risposta per comune: " + "; ".join(notes) + ".",
            )
        ]
    data = read(scope.municipality)
    return [
        Table(
            f"Pronto intervento sociale dal 1/1/{scope.as_of.year} al {scope.as_of:%d/%m/%Y}",
            ["Esito", "Segnalazioni"],
            [list(row) for row in data.by_outcome],
            ["Totale", sum(n for _, n in data.by_outcome)],
            note=f"Tempo alla prima risposta: {data.response.sentence}.",
        )
    ]


REPORTS: dict[str, Report] = {
    r.name: r
    for r in (
        Report(
            "lep",
            "Cruscotto LEP e indicatori del percorso",
            "Gli indicatori LEP e del percorso, per l'ambito e ogni comune.",
            lep_dashboard,
        ),
        Report(
            "profilo-nuclei",
            "Profilo dei nuclei beneficiari",
            "Tabella 1: nuclei per componenti, monogenitoriali, minori, bambini 0-3.",
            household_profiles,
        ),
        Report(
            "punti-accesso",
            "Punti di accesso per comune",
            "Tabella 2: punti e ore di apertura, un anno prima e alla data.",
            access_points_table,
        ),
        Report(
            "operatori",
            "Operatori per comune e funzione",
            "Tabella 3 e §5.1: persone, ore, ETP, personale aggiuntivo.",
            staff_table,
        ),
        Report(
            "domande",
            "Domande per comune e stato",
            "Le domande delle misure nazionali per comune e stato INPS, totali calcolati.",
            applications_table,
        ),
        Report(
            "piani-fondi",
            "Esecuzione dei piani e fondi",
            "Azioni per stato del cronoprogramma; fondi assegnati, programmati, spesi.",
            planning_tables,
        ),
        Report(
            "osservatorio",
            "Osservatorio dei bisogni",
            "Accessi per area di bisogno nell'anno della data.",
            observatory_table,
        ),
        Report(
            "emergenze",
            "Pronto intervento sociale",
            "Segnalazioni per esito e tempi di risposta nell'anno della data.",
            emergencies_table,
        ),
    )
}


# --- renderings --------------------------------------------------------------------------------


def _plain(value):
    """JSON keeps decimals exact as strings ("55.67"), percentages as their percent points,
    dates as ISO dates."""
    if isinstance(value, Percent):
        value = value.points
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def as_json(report: Report, scope: Scope, tables: list[Table]) -> str:
    payload = {
        "report": report.name,
        "title": report.title,
        "zone": scope.zone.code,
        "municipality": scope.municipality.istat_code if scope.municipality else None,
        "as_of": scope.as_of.isoformat(),
        "tables": [
            {
                "title": t.title,
                "columns": t.columns,
                "rows": [[_plain(v) for v in r] for r in t.rows],
                "totals": [_plain(v) for v in t.totals] if t.totals else None,
                "note": t.note,
                **(
                    {
                        "export_columns": t.export_columns,
                        "export_rows": [[_plain(v) for v in r] for r in t.export_rows or []],
                    }
                    if t.export_columns is not None
                    else {}
                ),
            }
            for t in tables
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def as_csv(tables: list[Table]) -> bytes:
    """One CSV: each table with its title row, header, rows and totals, a blank line between."""
    rows: list[list] = []
    for index, table in enumerate(tables):
        if index:
            rows.append([])
        rows.append([table.title])
        columns, body = table.export()
        rows.append(columns)
        rows.extend(body)
    header, *body = rows
    return csv_bytes(header, body)


def as_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table, named by its number and title (cut at a word and made valid by
    core/tables.sheet_title)."""
    return xlsx_bytes(
        [(f"{index}. {t.title}", *t.export()) for index, t in enumerate(tables, start=1)]
    )


def as_pdf(report: Report, scope: Scope, tables: list[Table]) -> bytes:
    from django.template.loader import render_to_string
    from django.utils import timezone

    from ambito.core.pdf import render_pdf

    html = render_to_string(
        "monitoring/report_pdf.html",
        {"report": report, "scope": scope, "tables": tables, "printed_on": timezone.localdate()},
    )
    return render_pdf(html)


def render(report: Report, scope: Scope, fmt: str) -> bytes:
    tables = report.build(scope)
    if fmt == "json":
        return as_json(report, scope, tables).encode()
    if fmt == "csv":
        return as_csv(tables)
    if fmt == "xlsx":
        return as_xlsx(tables)
    if fmt == "pdf":
        return as_pdf(report, scope, tables)
    raise ValueError(f"Formato sconosciuto: {fmt}. Usa json, csv, xlsx o pdf.")


FORMATS = ("json", "csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
