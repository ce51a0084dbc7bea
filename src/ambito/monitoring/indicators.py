"""The indicator engine (DOMAIN §10): every indicator is defined once here, with its metadata,
and computed live from the records for a zone or a municipality as of a date. Nothing is
typed in by hand.

Conventions: percentages are of households (a case's household, or its person when it has no
household); working days use the zone's calendar (core/workdays.py); "as of" means what the
records say happened on or before that date: an application's status is the one in force then
(its history), EEMM teams and members count when their period holds the date; staff have no
history and are counted as they are now, a documented limit.

The pathway indicators read the case milestones (`cases.CaseMilestones`, one narrow row per
case with its first dates and the working days between them, kept by the case services): a
zone's dashboard is then a handful of grouped queries on one table, and a region's a few
seconds (docs/benchmarks.md)."""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Q,
)
from django.db.models import Value as SqlValue
from django.db.models.functions import Coalesce

from ambito.cases.models import CaseMilestones, EemmMember, EemmTeam
from ambito.cases.models import active_on as eemm_active_on
from ambito.cases.workflow import PreAssessmentOutcome
from ambito.measures.models import Application, ApplicationStatus
from ambito.measures.selectors import with_status_on
from ambito.registry.selectors import members_in_first_1000_days
from ambito.territory.models import AccessPoint, Municipality, MunicipalityPopulation, Staff
from ambito.territory.selectors import format_number
from ambito.territory.selectors.access_points import is_active_on, lep_access_points_minimum
from ambito.territory.selectors.staff import fte_shares

from .scope import Scope

FULL_TIME_HOURS = Decimal("36")
HUNDRED = Decimal("100")
DAY_BUCKETS = ((0, 5), (6, 10), (11, 20), (21, 30), (31, None))


@dataclass
class Value:
    value: Decimal | None
    display: str
    status: str | None = None  # "green", "amber", "red"; None without a target
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    definition: str
    unit: str
    sources: tuple[str, ...]
    compute: Callable[[Scope], Value]
    target: Decimal | None = None
    direction: str = ""  # "min": at least the target; "max": at most the target
    lep: bool = False
    per_municipality: bool = True

    def value(self, scope: Scope) -> Value:
        if getattr(self.compute, "grouped", False):
            # Computed once for the zone and all its municipalities, kept in the scope's
            # cache for the other columns of the same dashboard.
            values = scope.cached(("indicator", self.code), lambda: self.compute(scope.at(None)))
            key = scope.municipality.pk if scope.municipality is not None else None
            found = values.get(key)
            # A copy: the status set below must not leak into the cached value.
            result = copy.copy(found) if found else Value(None, "nessun caso", None, 0, 0)
        else:
            result = self.compute(scope)
        if result.status is None and self.target is not None and result.value is not None:
            result.status = traffic_light(result.value, self.target, self.direction)
        return result


def traffic_light(value: Decimal, target: Decimal, direction: str) -> str:
    """Green when the target is met; amber within 20% of it; red otherwise."""
    if direction == "max":
        if value <= target:
            return "green"
        return "amber" if value <= target * Decimal("1.2") else "red"
    if value >= target:
        return "green"
    return "amber" if value >= target * Decimal("0.8") else "red"


def grouped(compute):
    """Mark a compute function that returns the values of the whole zone at once, as
    {municipality id: Value, None: the zone's Value}: one query for every column of a
    dashboard instead of one per municipality."""
    compute.grouped = True
    return compute


def _q(value, places: int = 2) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def _pct(numerator: int, denominator: int) -> Value:
    if not denominator:
        return Value(None, "nessun caso", None, numerator, denominator)
    value = _q(HUNDRED * numerator / denominator, 1)
    return Value(
        value,
        f"{format_number(value, 1)}% ({numerator} su {denominator})",
        None,
        numerator,
        denominator,
    )


def _populations(scope: Scope) -> dict[int, int]:
    """Residents of each municipality of the zone at its latest count not after the as-of
    year: one query for a whole dashboard."""

    def read():
        result: dict[int, int] = {}
        rows = (
            MunicipalityPopulation.objects.filter(
                municipality__zone=scope.zone, year__lte=scope.as_of.year
            )
            .order_by("municipality_id", "-year")
            .values_list("municipality_id", "population")
        )
        for municipality_id, inhabitants in rows:
            result.setdefault(municipality_id, inhabitants)
        return result

    return scope.cached(("populations", scope.as_of.year), read)


def population(scope: Scope) -> int:
    """Residents of the scope (a municipality, or the whole zone)."""
    counts = _populations(scope)
    return sum(counts.get(m.pk, 0) for m in scope.municipalities)


# --- LEP ----------------------------------------------------------------------------------


def _ratio(heads: int, hours: Decimal, inhabitants: int, *, whole: bool = True) -> Value:
    """Inhabitants per FTE; `whole` (the zone, or a union of municipalities): the heads are
    whole persons and their ratio is given too; in a municipality they are the persons with a
    share of their hours there."""
    fte = _q(hours / FULL_TIME_HOURS)
    if not fte or not inhabitants:
        return Value(None, "nessun dato", "red" if inhabitants else None, fte, inhabitants)
    per_fte = _q(Decimal(inhabitants) / fte, 0)
    people = "persona" if heads == 1 else "persone"
    detail = {
        "heads": heads,
        "fte": str(fte),
        "inhabitants": inhabitants,
        "ratio_fte": f"1:{format_number(per_fte)}",
    }
    if whole:
        per_head = _q(Decimal(inhabitants) / heads, 0)
        detail["ratio_heads"] = f"1:{format_number(per_head)}"
        display = (
            f"1:{format_number(per_fte)} (ETP {format_number(fte, 2)}; {heads} {people}, "
            f"1:{format_number(per_head)})"
        )
    else:
        display = (
            f"1:{format_number(per_fte)} (ETP {format_number(fte, 2)}; quote di {heads} {people})"
        )
    return Value(per_fte, display, None, fte, inhabitants, detail)


@grouped
def social_workers(scope: Scope) -> dict:
    """Inhabitants per social worker in full-time equivalents (36 h a week); heads too. Each
    person's hours are apportioned among the municipalities they serve (territory
    fte_shares: their recorded split of hours, else by population; staff serving the whole
    zone by the population of every municipality), so the municipal FTEs add up to the
    zone's; in a municipality, the heads are the persons with a share there."""
    staff = dict(
        Staff.objects.filter(zone=scope.zone, active=True, profile="social_worker").values_list(
            "pk", "weekly_hours"
        )
    )
    populations = _populations(scope)
    zone_municipalities = scope.cached(
        "zone_municipality_ids",
        lambda: list(Municipality.objects.filter(zone=scope.zone).values_list("pk", flat=True)),
    )
    shares = fte_shares(staff, municipality_ids=zone_municipalities, populations=populations)
    heads: dict = defaultdict(int)
    hours: dict = defaultdict(lambda: Decimal("0"))
    for staff_id, weekly in staff.items():
        for municipality_id, share in shares[staff_id].items():
            heads[municipality_id] += 1
            hours[municipality_id] += Decimal(weekly) * share
    if scope.served:  # the union of a user's municipalities
        ids = set(scope.municipality_ids)
        whole = _ratio(
            sum(1 for staff_id in staff if ids & set(shares[staff_id])),
            sum((hours[m] for m in ids), Decimal("0")),
            population(scope),
        )
    else:
        whole = _ratio(
            len(staff), sum((Decimal(w) for w in staff.values()), Decimal("0")), population(scope)
        )
    result = {None: whole}
    for municipality in scope.municipalities:
        result[municipality.pk] = _ratio(
            heads[municipality.pk],
            hours[municipality.pk],
            populations.get(municipality.pk, 0),
            whole=False,
        )
    return result


def access_points(scope: Scope) -> Value:
    """Access points open on the date against the LEP minimum of each municipality (1 per
    20,000 inhabitants; per 40,000 over 40,000; per 70,000 in metropolitan cities)."""

    def read():
        counts: dict[int, int] = {}
        points = AccessPoint.objects.filter(zone=scope.zone).only(
            "municipality_id", "active_from", "active_until"
        )
        for point in points:
            if is_active_on(point, scope.as_of):
                counts[point.municipality_id] = counts.get(point.municipality_id, 0) + 1
        return counts

    counts = scope.cached(("access_points", scope.as_of), read)
    total = minimum = 0
    short = []
    for municipality in scope.municipalities:
        inhabitants = population(scope.at(municipality))
        need = lep_access_points_minimum(
            inhabitants, metropolitan=municipality.is_metropolitan_city
        )
        have = counts.get(municipality.pk, 0)
        total, minimum = total + have, minimum + need
        if have < need:
            short.append(municipality.name)
    status = "green" if not short else ("amber" if total >= minimum else "red")
    display = (
        f"{total} {'punto' if total == 1 else 'punti'} su {minimum} "
        f"{'richiesto' if minimum == 1 else 'richiesti'}"
    )
    if short:
        display += f"; sotto il minimo: {', '.join(short)}"
    return Value(Decimal(total), display, status, total, minimum, {"below_minimum": short})


def eemm(scope: Scope) -> Value:
    teams = EemmTeam.objects.filter(eemm_active_on(scope.as_of), zone=scope.zone).count()
    words = "équipe attiva" if teams == 1 else "équipe attive"
    return Value(
        Decimal(teams),
        f"{teams} {words} al {scope.as_of:%d/%m/%Y}",
        "green" if teams else "red",
        teams,
        None,
    )


# --- the pathway's households (read from the case milestones, cases/milestones.py) -----------
#
# Each share counts households (a case's household, or its person without one) in two grouped
# queries — by municipality, then the whole zone, since a household may have cases in two
# municipalities — with one pair of COUNT(DISTINCT) per indicator, so the indicators that read
# the same rows share the queries (kept in the scope's cache).


def _share_values(queryset, key, counts: dict[str, tuple[Q | None, Q]]) -> dict:
    """{name: {municipality id | None: Value}} of the shares `counts` names: (the rows counted,
    or None for all; those with the flag)."""
    aggregates = {}
    for name, (every, ok) in counts.items():
        aggregates[f"{name}_every"] = Count(key, distinct=True, filter=every)
        aggregates[f"{name}_ok"] = Count(key, distinct=True, filter=ok)
    rows = {None: queryset.aggregate(**aggregates)}
    for row in queryset.values("municipality_id").annotate(**aggregates).order_by():
        rows[row["municipality_id"]] = row
    return {
        name: {
            where: _pct(row[f"{name}_ok"], row[f"{name}_every"])
            for where, row in rows.items()
            if where is None or row[f"{name}_every"]
        }
        for name in counts
    }


def _share_of_few(queryset, key, ok: Q) -> dict:
    """The share of households with `ok`, like `_share_values`, for rows few enough to count in
    Python: one query instead of two, where the filter itself is the costly part."""
    flagged = queryset.annotate(ok=ExpressionWrapper(ok, output_field=BooleanField()))
    every: dict = defaultdict(set)
    done: dict = defaultdict(set)
    for municipality_id, household, flag in (
        flagged.values_list("municipality_id", key, "ok").distinct().order_by()
    ):
        for where in (None, municipality_id):
            every[where].add(household)
            if flag:
                done[where].add(household)
    return {where: _pct(len(done[where]), len(every[where])) for where in [None, *every]}


def _milestones(scope: Scope):
    rows = CaseMilestones.objects.filter(zone=scope.zone, opened_on__lte=scope.as_of)
    if scope.served:  # the union of a user's municipalities, never the whole zone
        rows = rows.filter(municipality_id__in=scope.municipality_ids)
    return rows


def _case_shares(scope: Scope) -> dict:
    on = scope.as_of
    return scope.cached(
        ("case_shares", on),
        lambda: _share_values(
            _milestones(scope),
            "household_key",
            {
                "in_depth": (
                    Q(in_depth_on__lte=on),
                    Q(in_depth_on__lte=on, first_intervention_on__lte=on),
                )
            },
        ),
    )


def _beneficiary_shares(scope: Scope) -> dict:
    """Positive outcomes of a national measure by the date, counted by the application's
    municipality and household (or applicant), with the milestones of their case. A linked case
    is always in the application's zone (measures/cases_bridge.py): saying so in the join lets
    the database read the zone's milestones by index instead of the whole region's."""
    on = scope.as_of
    mine = Application.objects.filter(zone=scope.zone, case__isnull=False)
    if scope.served:  # the union of a user's municipalities
        mine = mine.filter(municipality_id__in=scope.municipality_ids)
    applications = (
        with_status_on(mine, on)
        .filter(status_then=ApplicationStatus.POSITIVE)
        .annotate(
            key=Coalesce("household_id", SqlValue(0) - F("applicant_id")),
            reached=FilteredRelation(
                "case_milestones", condition=Q(case_milestones__zone=scope.zone)
            ),
        )
    )
    return scope.cached(
        ("beneficiary_shares", on),
        lambda: _share_values(
            applications,
            "key",
            {
                "pre_assessment": (None, Q(reached__pre_assessment_on__lte=on)),
                "eemm_or_project": (
                    None,
                    Q(reached__first_meeting_on__lte=on) | Q(reached__first_project_on__lte=on),
                ),
            },
        ),
    )


@grouped
def in_depth_with_intervention(scope: Scope) -> dict:
    return _case_shares(scope)["in_depth"]


@grouped
def parenting_support(scope: Scope) -> dict:
    on = scope.as_of
    complex_with_baby = _milestones(scope).filter(
        Exists(members_in_first_1000_days(OuterRef("household_id"), on)),
        pre_assessment_outcome=PreAssessmentOutcome.COMPLEX,
        pre_assessment_on__lte=on,
    )
    return _share_of_few(complex_with_baby, "household_key", Q(first_parenting_support_on__lte=on))


# --- pathway (seed 002 "OBIETTIVI QUANTITATIVI") ---------------------------------------------


def _days(histogram: dict[int, int]) -> Value:
    """Median, minimum, maximum and distribution of working days given as {days: cases}."""
    count = sum(histogram.values())
    if not count:
        return Value(None, "nessun caso", None, 0, None)
    ordered = sorted(histogram)

    def nth(index: int) -> int:  # the index-th smallest duration (0-based)
        seen = 0
        for days in ordered:
            seen += histogram[days]
            if index < seen:
                return days
        raise IndexError(index)

    middle = count // 2
    median = _q(nth(middle) if count % 2 else Decimal(nth(middle - 1) + nth(middle)) / 2, 1)
    buckets = {
        (f"{low}-{high}" if high is not None else f"oltre {low - 1}"): sum(
            n for d, n in histogram.items() if d >= low and (high is None or d <= high)
        )
        for low, high in DAY_BUCKETS
    }
    return Value(
        median,
        f"mediana {format_number(median, 1)} giorni lavorativi (min {ordered[0]}, "
        f"max {ordered[-1]}, {count} casi)",
        None,
        count,
        None,
        {
            "median": str(median),
            "min": ordered[0],
            "max": ordered[-1],
            "count": count,
            "distribution": buckets,
        },
    )


def _durations(scope: Scope, days: str, *reached: str) -> dict:
    """The working days `days` (counted when the milestones were written) of the cases that
    reached both `reached` dates by the as-of date: one histogram query, by municipality."""
    on = scope.as_of
    rows = (
        _milestones(scope)
        .filter(**{f"{name}__lte": on for name in reached}, **{f"{days}__isnull": False})
        .values_list("municipality_id", days)
        .annotate(cases=Count("pk"))
        .order_by()
    )
    histograms: dict = defaultdict(lambda: defaultdict(int))
    for municipality_id, value, cases in rows:
        histograms[municipality_id][value] += cases
        histograms[None][value] += cases
    result = {key: _days(histogram) for key, histogram in histograms.items()}
    result.setdefault(None, _days({}))
    return result


@grouped
def pre_assessment_share(scope: Scope) -> dict:
    return _beneficiary_shares(scope)["pre_assessment"]


@grouped
def outcome_to_pre_assessment(scope: Scope) -> dict:
    return _durations(
        scope, "days_outcome_to_pre_assessment", "first_positive_on", "pre_assessment_on"
    )


@grouped
def eemm_or_project_share(scope: Scope) -> dict:
    return _beneficiary_shares(scope)["eemm_or_project"]


@grouped
def pre_assessment_to_evaluation(scope: Scope) -> dict:
    return _durations(
        scope, "days_pre_assessment_to_meeting", "pre_assessment_on", "first_meeting_on"
    )


def eemm_institutions(scope: Scope) -> Value:
    count = (
        EemmMember.objects.filter(
            eemm_active_on(scope.as_of),
            team__in=EemmTeam.objects.filter(eemm_active_on(scope.as_of), zone=scope.zone),
        )
        .values("institution")
        .distinct()
        .count()
    )
    return Value(Decimal(count), f"{count} enti nelle équipe", None, count, None)


@grouped
def project_to_start(scope: Scope) -> dict:
    return _durations(scope, "days_signed_to_start", "first_signed_on", "first_intervention_on")


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator(
            "lep-assistenti-sociali",
            "Assistenti sociali per abitanti",
            "Abitanti per assistente sociale in equivalenti a tempo pieno (36 ore settimanali); "
            "sono mostrate anche le persone. LEP: almeno 1 ogni 5.000 abitanti.",
            "abitanti per ETP",
            ("territory.Staff", "territory.MunicipalityPopulation"),
            social_workers,
            Decimal("5000"),
            "max",
            lep=True,
        ),
        Indicator(
            "lep-punti-accesso",
            "Punti di accesso per abitanti",
            "Punti di accesso aperti alla data contro il minimo LEP di ogni comune: 1 ogni "
            "20.000 abitanti, 1 ogni 40.000 nei comuni oltre 40.000, 1 ogni 70.000 nelle "
            "città metropolitane.",
            "punti",
            ("territory.AccessPoint", "territory.MunicipalityPopulation"),
            access_points,
            lep=True,
        ),
        Indicator(
            "lep-eemm",
            "Équipe multidisciplinari attive",
            "Almeno una équipe multidisciplinare attiva nell'ambito.",
            "équipe",
            ("cases.EemmTeam",),
            eemm,
            Decimal("1"),
            "min",
            lep=True,
            per_municipality=False,
        ),
        Indicator(
            "lep-analisi-interventi",
            "Nuclei con analisi approfondita e almeno un intervento",
            "Nuclei con un'analisi approfondita (scheda B) entro la data che hanno almeno un "
            "intervento attivato (in corso o concluso, avviato entro la data). LEP: 100%.",
            "%",
            ("cases.InDepthAnalysis", "cases.Intervention"),
            in_depth_with_intervention,
            HUNDRED,
            "min",
            lep=True,
        ),
        Indicator(
            "lep-genitorialita",
            "Bisogni complessi con bambino nei primi 1.000 giorni e sostegno alla genitorialità",
            "Nuclei con analisi preliminare a bisogni complessi e un bambino nei primi 1.000 "
            "giorni alla data che hanno un sostegno alla genitorialità attivato. LEP: 100%.",
            "%",
            ("cases.PreAssessment", "registry.HouseholdMember", "cases.Intervention"),
            parenting_support,
            HUNDRED,
            "min",
            lep=True,
        ),
        Indicator(
            "percorso-analisi-preliminare",
            "Beneficiari con analisi preliminare",
            "Nuclei beneficiari di una misura nazionale (esito INPS positivo entro la data) con "
            "l'analisi preliminare svolta entro la data.",
            "%",
            ("measures.Application", "cases.PreAssessment"),
            pre_assessment_share,
            HUNDRED,
            "min",
        ),
        Indicator(
            "percorso-giorni-esito-analisi",
            "Giorni lavorativi dall'esito INPS all'analisi preliminare",
            "Per ogni beneficiario con analisi preliminare: giorni lavorativi (calendario della "
            "zona) dall'esito INPS all'analisi preliminare; mediana, minimo, massimo, "
            "distribuzione.",
            "giorni lavorativi",
            ("measures.Application", "cases.PreAssessment"),
            outcome_to_pre_assessment,
        ),
        Indicator(
            "percorso-eemm-progetto",
            "Beneficiari con valutazione dell'équipe o progetto",
            "Nuclei beneficiari con una riunione dell'équipe multidisciplinare o un progetto "
            "personalizzato entro la data.",
            "%",
            ("measures.Application", "cases.EemmMeeting", "cases.Project"),
            eemm_or_project_share,
        ),
        Indicator(
            "percorso-giorni-analisi-valutazione",
            "Giorni lavorativi dall'analisi preliminare alla valutazione multidimensionale",
            "Dalla data dell'analisi preliminare alla prima riunione dell'équipe sulla cartella.",
            "giorni lavorativi",
            ("cases.PreAssessment", "cases.EemmMeeting"),
            pre_assessment_to_evaluation,
        ),
        Indicator(
            "percorso-enti-eemm",
            "Enti partner nelle équipe multidisciplinari",
            "Enti diversi tra i componenti attivi delle équipe attive.",
            "enti",
            ("cases.EemmMember",),
            eemm_institutions,
            per_municipality=False,
        ),
        Indicator(
            "percorso-giorni-progetto-avvio",
            "Giorni lavorativi dalla definizione del progetto all'avvio",
            "Dalla firma del progetto al primo intervento avviato.",
            "giorni lavorativi",
            ("cases.Project", "cases.Intervention"),
            project_to_start,
        ),
    )
}


# --- the trend, from the shared cache ---------------------------------------------------------
#
# The dashboard's trend (the percentage indicators at the end of the last quarters) is most of
# the dashboard's cost and changes only when its records do. It is kept in the shared cache
# (settings.CACHES) under a key that holds a *version of the data*: a digest of a few aggregate
# queries over exactly the records the percentages read (the zone's case milestones, its
# applications and their status history, its households' members and its persons' birth
# dates). Any insert, delete or change of a field the figures read changes a count or a
# position-weighted sum, hence the key: no writer has to remember to invalidate anything (bulk
# loads and `milestones.rebuild` included) and a stale trend is never served. The digest costs
# three or four cheap aggregate queries instead of the trend's twenty grouped ones. The TTL is
# only housekeeping.

TREND_CACHE_TTL = 24 * 3600
TREND_CACHE_VERSION = 1  # bump when an indicator's definition changes


class _DayNumber(Func):
    """A date as an integer (NULL as 0): days since 2000-01-01 on PostgreSQL (a subtraction),
    yyyymmdd elsewhere (SQLite); either way one number per date, for the checksums."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

        (date,) = self.source_expressions
        number = Coalesce(
            ExtractYear(date) * 10000 + ExtractMonth(date) * 100 + ExtractDay(date),
            SqlValue(0),
        )
        return compiler.compile(number.resolve_expression(compiler.query))

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"COALESCE(({sql} - DATE '2000-01-01'), 0)", params

    def as_sqlite(self, compiler, connection, **extra):
        # Dates are 'YYYY-MM-DD' text on SQLite: the digits as a number, without Django's
        # Python date functions (called once per row, they made the version cost 190 ms).
        sql, params = compiler.compile(self.source_expressions[0])
        return f"COALESCE(CAST(REPLACE(SUBSTR({sql}, 1, 10), '-', '') AS INTEGER), 0)", params


def _checksums(queryset, *, dates=(), numbers=(), flags=()) -> tuple:
    """The rows' count, and two sums of one number per row that mixes every field named (each
    with a multiplier of its own): plain, and weighted by the row's id, so that moving a value
    from one row to another changes it too. One aggregate query, on SQLite and PostgreSQL."""
    from django.db.models import Case as When_
    from django.db.models import Sum, When

    columns = [_DayNumber(F(n)) for n in dates]
    columns += [Coalesce(F(n), SqlValue(0)) for n in numbers]
    columns += [
        When_(When(condition, then=SqlValue(1)), default=SqlValue(0), output_field=IntegerField())
        for condition in flags
    ]
    mixed = None
    for multiplier, column in zip(_MULTIPLIERS[: len(columns)], columns, strict=True):
        term = column * multiplier
        mixed = term if mixed is None else mixed + term
    weight = F("pk") % 97 + 1
    row = queryset.order_by().aggregate(
        n=Count("pk"),
        s=Coalesce(Sum(mixed, output_field=IntegerField()), 0),
        w=Coalesce(Sum(mixed * weight, output_field=IntegerField()), 0),
    )
    return (row["n"], int(row["s"]), int(row["w"]))


_MULTIPLIERS = (1, 3, 7, 13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191)


def trend_data_version(zone, ends) -> str:
    """The version of the records the trend at the dates `ends` reads in the zone (see
    above). Of the persons and household members, only those born recently enough to be in
    their first 1,000 days on one of the dates: a birth date moved into or out of that window
    changes their count."""
    import hashlib

    from ambito.cases.workflow import PreAssessmentOutcome as Outcome
    from ambito.measures.models import ApplicationStatusChange
    from ambito.registry.models import HouseholdMember
    from ambito.registry.selectors import FIRST_1000_DAYS_AGE_DAYS

    born_after = min(ends) - dt.timedelta(days=FIRST_1000_DAYS_AGE_DAYS)
    positive = (Q(status=ApplicationStatus.POSITIVE),)
    parts = [
        _checksums(
            CaseMilestones.objects.filter(zone=zone),
            dates=(
                "opened_on", "pre_assessment_on", "in_depth_on", "first_intervention_on",
                "first_parenting_support_on", "first_meeting_on", "first_project_on",
            ),
            numbers=("municipality_id", "household_key", "household_id", "case_id"),
            flags=(Q(pre_assessment_outcome=Outcome.COMPLEX),),
        ),
        _checksums(
            Application.objects.filter(zone=zone),
            dates=("submitted_on", "status_on"),
            numbers=("municipality_id", "household_id", "applicant_id", "case_id"),
            flags=positive,
        ),
        _checksums(
            ApplicationStatusChange.objects.filter(application__zone=zone),
            dates=("since",),
            numbers=("application__id",),
            flags=positive,
        ),
        _checksums(
            HouseholdMember.objects.filter(
                household__zone=zone, person__birth_date__gt=born_after
            ),
            dates=("start_date", "end_date", "person__birth_date"),
            numbers=("household_id", "person_id"),
        ),
    ]  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached_trend(scope: Scope, ends: list, codes: list[str]) -> list[tuple[str, list[Value]]]:
    """[(code, [Value at each end])] of the indicators `codes`, from the shared cache when the
    zone's records have not changed since they were computed. The end equal to the scope's
    own date is computed on the scope itself, sharing its cache with the dashboard's columns."""
    import hashlib

    from django.core.cache import cache

    where = (
        scope.zone.pk,
        scope.municipality.pk if scope.municipality is not None else None,
        tuple(sorted(m.pk for m in scope.served)),
        tuple(d.isoformat() for d in ends),
        tuple(codes),
        TREND_CACHE_VERSION,
    )
    place = hashlib.sha256(repr(where).encode()).hexdigest()[:24]
    key = f"monitoring:trend:{place}:{trend_data_version(scope.zone, ends)}"
    rows = cache.get(key)
    if rows is None:
        scopes = [scope if end == scope.as_of else scope.on(end) for end in ends]
        rows = [(code, [INDICATORS[code].value(s) for s in scopes]) for code in codes]
        cache.set(key, rows, TREND_CACHE_TTL)
    return rows
