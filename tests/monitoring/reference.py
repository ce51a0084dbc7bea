"""The pathway indicators computed straight from the records (the six tables they come from),
as the engine did before the case milestones existed: the oracle the milestones-based engine
must agree with (tests/demo/test_demo.py compares them on the demo zones)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.utils import timezone

from ambito.cases.lep import ACTIVATED, PARENTING_SUPPORT_CODES
from ambito.cases.models import Case, EemmMeeting, Intervention, PreAssessment, Project
from ambito.cases.workflow import PreAssessmentOutcome
from ambito.core.workdays import working_days_between, zone_province
from ambito.measures.models import Application
from ambito.monitoring.indicators import DAY_BUCKETS, Value, _pct, _q
from ambito.monitoring.scope import Scope
from ambito.registry.selectors import members_in_first_1000_days
from ambito.territory.selectors import format_number


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


def parenting_support(scope: Scope) -> dict:
    on = scope.as_of
    baby = members_in_first_1000_days(OuterRef("household"), on)
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


def outcome_to_pre_assessment(scope: Scope) -> dict:
    rows = (
        _beneficiary_cases(scope)
        .filter(case__pre_assessment__held_on__lte=scope.as_of)
        .values("case_id", "municipality_id")
        .annotate(outcome=Min("status_on"), held=Min("case__pre_assessment__held_on"))
        .values_list("municipality_id", "outcome", "held")
    )
    return _durations(scope, rows)


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


BY_CODE = {
    "lep-analisi-interventi": in_depth_with_intervention,
    "lep-genitorialita": parenting_support,
    "percorso-analisi-preliminare": pre_assessment_share,
    "percorso-giorni-esito-analisi": outcome_to_pre_assessment,
    "percorso-eemm-progetto": eemm_or_project_share,
    "percorso-giorni-analisi-valutazione": pre_assessment_to_evaluation,
    "percorso-giorni-progetto-avvio": project_to_start,
}


def differences(scope: Scope) -> tuple[list[str], int]:
    """(what differs between the engine and this reference, for the zone and each municipality;
    how many cases the agreeing figures count). "No case" is said either as a missing column or
    as an empty figure: those agree whichever way each side says it."""
    from ambito.monitoring.indicators import INDICATORS

    differing, compared = [], 0
    for code, reference in BY_CODE.items():
        expected, got = reference(scope), INDICATORS[code].compute(scope)
        for where in {*expected, *got}:
            a, b = expected.get(where), got.get(where)
            if all(v is None or (v.value is None and not v.numerator) for v in (a, b)):
                continue
            figures = [
                None if v is None else (v.value, v.numerator, v.denominator, v.detail, v.display)
                for v in (a, b)
            ]
            if figures[0] != figures[1]:
                differing.append(f"{code} ({where}): {figures[0]} != {figures[1]}")
            else:
                compared += a.numerator or 0
    return differing, compared
