"""The indicator engine (DOMAIN §10): every indicator is defined once here, with its metadata,
and computed live from the records for a zone or a municipality as of a date. Nothing is
typed in by hand.

Conventions: percentages are of households (a case's household, or its person when it has no
household); working days use the zone's calendar (core/workdays.py); "as of" means what the
records say happened on or before that date (staff and EEMM teams have no history: they are
counted as they are now, a documented limit)."""

from __future__ import annotations

import copy
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from ambito.cases.lep import ACTIVATED, PARENTING_SUPPORT_CODES
from ambito.cases.models import (
    Case,
    EemmMeeting,
    EemmMember,
    EemmTeam,
    Intervention,
    PreAssessment,
    Project,
)
from ambito.cases.workflow import PreAssessmentOutcome
from ambito.core.workdays import working_days_between, zone_province
from ambito.measures.models import Application
from ambito.registry.models import HouseholdMember
from ambito.registry.selectors import FIRST_1000_DAYS_AGE_DAYS
from ambito.territory.models import AccessPoint, MunicipalityPopulation, Staff
from ambito.territory.selectors import format_number
from ambito.territory.selectors.access_points import is_active_on, lep_access_points_minimum

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


def _ratio(heads: int, hours: Decimal, inhabitants: int) -> Value:
    fte = _q(hours / FULL_TIME_HOURS)
    if not fte or not inhabitants:
        return Value(None, "nessun dato", "red" if inhabitants else None, fte, inhabitants)
    per_fte = _q(Decimal(inhabitants) / fte, 0)
    per_head = _q(Decimal(inhabitants) / heads, 0)
    return Value(
        per_fte,
        f"1:{format_number(per_fte)} (ETP {format_number(fte, 2)}; {heads} persone, "
        f"1:{format_number(per_head)})",
        None,
        fte,
        inhabitants,
        {
            "heads": heads,
            "fte": str(fte),
            "inhabitants": inhabitants,
            "ratio_fte": f"1:{format_number(per_fte)}",
            "ratio_heads": f"1:{format_number(per_head)}",
        },
    )


@grouped
def social_workers(scope: Scope) -> dict:
    """Inhabitants per social worker in full-time equivalents (36 h a week); heads too. A
    worker serving several municipalities counts as a head in each with an equal share of
    the hours; workers serving the whole zone count at zone level only."""
    staff = Staff.objects.filter(zone=scope.zone, active=True, profile="social_worker")
    served: dict[int, list[int]] = defaultdict(list)
    for staff_id, municipality_id in Staff.municipalities.through.objects.filter(
        staff__in=staff
    ).values_list("staff_id", "municipality_id"):
        served[staff_id].append(municipality_id)
    heads: dict = defaultdict(int)
    hours: dict = defaultdict(lambda: Decimal("0"))
    for staff_id, weekly in staff.values_list("pk", "weekly_hours"):
        heads[None] += 1
        hours[None] += Decimal(weekly)
        for municipality_id in served[staff_id]:
            heads[municipality_id] += 1
            hours[municipality_id] += Decimal(weekly) / len(served[staff_id])
    populations = _populations(scope)
    result = {None: _ratio(heads[None], hours[None], population(scope))}
    for municipality in scope.municipalities:
        result[municipality.pk] = _ratio(
            heads[municipality.pk], hours[municipality.pk], populations.get(municipality.pk, 0)
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
    display = f"{total} punti su {minimum} richiesti"
    if short:
        display += f"; sotto il minimo: {', '.join(short)}"
    return Value(Decimal(total), display, status, total, minimum, {"below_minimum": short})


def eemm(scope: Scope) -> Value:
    teams = EemmTeam.objects.filter(zone=scope.zone, active=True).count()
    return Value(Decimal(teams), f"{teams} équipe attive", "green" if teams else "red", teams, None)


def _until(day: dt.date) -> dt.datetime:
    """The first instant after the day (Europe/Rome): `field__lt` compares raw datetimes, which
    both databases index, where `field__date__lte` makes SQLite convert every row."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _cases(scope: Scope):
    return Case.objects.filter(zone=scope.zone, opened_at__lt=_until(scope.as_of))


def _household_key(household, person):
    return household or f"p{person}"


def _group(rows) -> dict:
    """(municipality id, *rest) rows → {municipality id: [rest], None: [all rests]}."""
    groups: dict = defaultdict(list)
    for municipality, *rest in rows:
        groups[municipality].append(rest)
        groups[None].append(rest)
    return groups


def _shares(rows) -> dict:
    """Rows (municipality, household, person, flag) → the share of households with the flag,
    per municipality and for the zone."""
    result = {}
    for key, items in _group(rows).items():
        every = {_household_key(h, p) for h, p, _ in items}
        ok = {_household_key(h, p) for h, p, flag in items if flag}
        result[key] = _pct(len(ok), len(every))
    result.setdefault(None, _pct(0, 0))
    return result


@grouped
def in_depth_with_intervention(scope: Scope) -> dict:
    activated = Intervention.objects.filter(
        case=OuterRef("pk"), status__in=ACTIVATED, start_on__lte=scope.as_of
    )
    return _shares(
        _cases(scope)
        .filter(in_depth__done_on__lte=scope.as_of)
        .annotate(ok=Exists(activated))
        .values_list("municipality_id", "household_id", "person_id", "ok")
    )


@grouped
def parenting_support(scope: Scope) -> dict:
    on = scope.as_of
    baby = HouseholdMember.objects.filter(
        household=OuterRef("household"),
        start_date__lte=on,
        person__birth_date__gt=on - dt.timedelta(days=FIRST_1000_DAYS_AGE_DAYS),
        person__birth_date__lte=on,
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    support = Intervention.objects.filter(
        case=OuterRef("pk"),
        status__in=ACTIVATED,
        start_on__lte=on,
        intervention_type__code__in=PARENTING_SUPPORT_CODES,
    )
    return _shares(
        _cases(scope)
        .filter(
            pre_assessment__outcome=PreAssessmentOutcome.COMPLEX, pre_assessment__held_on__lte=on
        )
        .filter(Exists(baby))
        .annotate(ok=Exists(support))
        .values_list("municipality_id", "household_id", "person_id", "ok")
    )


# --- pathway (seed 002 "OBIETTIVI QUANTITATIVI") ---------------------------------------------


def _beneficiary_cases(scope: Scope):
    """Positive outcomes of a national measure by the date, with their case."""
    return Application.objects.filter(
        zone=scope.zone, status="positive", status_on__lte=scope.as_of, case__isnull=False
    )


def _days(pairs, province) -> Value:
    days = sorted(working_days_between(a, b, province) for a, b in pairs if a and b and b >= a)
    if not days:
        return Value(None, "nessun caso", None, 0, None)
    median = _q(statistics.median(days), 1)
    buckets = {
        (f"{low}-{high}" if high is not None else f"oltre {low - 1}"): sum(
            1 for d in days if d >= low and (high is None or d <= high)
        )
        for low, high in DAY_BUCKETS
    }
    return Value(
        median,
        f"mediana {format_number(median, 1)} giorni lavorativi (min {days[0]}, max {days[-1]}, "
        f"{len(days)} casi)",
        None,
        len(days),
        None,
        {
            "median": str(median),
            "min": days[0],
            "max": days[-1],
            "count": len(days),
            "distribution": buckets,
        },
    )


def _durations(scope: Scope, rows) -> dict:
    province = zone_province(scope.zone)
    result = {key: _days(pairs, province) for key, pairs in _group(rows).items()}
    result.setdefault(None, _days([], province))
    return result


@grouped
def pre_assessment_share(scope: Scope) -> dict:
    return _shares(
        _beneficiary_cases(scope)
        .annotate(
            done=Exists(
                PreAssessment.objects.filter(case=OuterRef("case"), held_on__lte=scope.as_of)
            )
        )
        .values_list("municipality_id", "household_id", "applicant_id", "done")
    )


@grouped
def outcome_to_pre_assessment(scope: Scope) -> dict:
    rows = (
        _beneficiary_cases(scope)
        .filter(case__pre_assessment__held_on__lte=scope.as_of)
        .values("case_id", "municipality_id")
        .annotate(outcome=Min("status_on"), held=Min("case__pre_assessment__held_on"))
        .values_list("municipality_id", "outcome", "held")
    )
    return _durations(scope, rows)


@grouped
def eemm_or_project_share(scope: Scope) -> dict:
    return _shares(
        _beneficiary_cases(scope)
        .annotate(
            ok=Exists(EemmMeeting.objects.filter(cases=OuterRef("case"), held_on__lte=scope.as_of))
            | Exists(
                Project.objects.filter(case=OuterRef("case"), created_at__lt=_until(scope.as_of))
            )
        )
        .values_list("municipality_id", "household_id", "applicant_id", "ok")
    )


@grouped
def pre_assessment_to_evaluation(scope: Scope) -> dict:
    first_meeting = (
        EemmMeeting.objects.filter(cases=OuterRef("pk"), held_on__lte=scope.as_of)
        .order_by("held_on")
        .values("held_on")[:1]
    )
    rows = (
        _cases(scope)
        .filter(pre_assessment__held_on__lte=scope.as_of)
        .annotate(meeting=Subquery(first_meeting))
        .filter(meeting__isnull=False)
        .values_list("municipality_id", "pre_assessment__held_on", "meeting")
    )
    return _durations(scope, rows)


def eemm_institutions(scope: Scope) -> Value:
    count = (
        EemmMember.objects.filter(team__zone=scope.zone, team__active=True, active=True)
        .values("institution")
        .distinct()
        .count()
    )
    return Value(Decimal(count), f"{count} enti nelle équipe", None, count, None)


@grouped
def project_to_start(scope: Scope) -> dict:
    rows = (
        _cases(scope)
        .filter(projects__signed_on__lte=scope.as_of)
        .annotate(
            signed=Min("projects__signed_on"),
            started=Min(
                "interventions__start_on",
                filter=Q(
                    interventions__status__in=ACTIVATED,
                    interventions__start_on__lte=scope.as_of,
                ),
            ),
        )
        .filter(started__isnull=False)
        .values_list("municipality_id", "signed", "started")
    )
    return _durations(scope, rows)


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
