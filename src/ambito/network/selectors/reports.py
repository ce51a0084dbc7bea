"""The network report of a zone (issue 17): adherents by line and by field of activity,
candidatures by state, resources committed against resources documented per organisation and
line, agreements expiring. Figures of organisations, never of persons.

Every table is one grouped query on the zone's rows (the plan office's scope); with a region's
200,000 commitment records the heaviest one reads a zone's share through the (zone, line,
month) index. The operator of a third-sector body gets the same report restricted to the rows
of their organisation: the querysets come from `visible_to`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from ambito.planning.models import Plan, PlanObjective
from ambito.territory.models import ActivityField, Organisation

from ..choices import CandidatureState
from ..models import Adhesion, Agreement, Candidature, CommitmentRecord
from .pact import lines_for, pacts_for

EXPIRY_DAYS = 60
COMMITTED_STATES = (CandidatureState.ACCEPTED, CandidatureState.ACTIVE)


@dataclass(frozen=True)
class LineRow:
    line: PlanObjective
    adherents: int  # bodies with an accepted or active candidature on the line
    states: dict[str, int]  # candidatures by state
    total: int


@dataclass(frozen=True)
class ResourceRow:
    organisation: str
    organisation_uuid: object
    line_code: str
    line_title: str
    hours_per_month_committed: Decimal
    people_committed: int
    money_committed: Decimal
    months_documented: int
    hours_documented: Decimal
    hours_per_month_documented: Decimal | None
    expenses_documented: Decimal
    training_hours: Decimal

    @property
    def coverage(self) -> Decimal | None:
        """Documented hours per month as a share (%) of those committed."""
        if not self.hours_per_month_committed or self.hours_per_month_documented is None:
            return None
        ratio = self.hours_per_month_documented / self.hours_per_month_committed * 100
        return ratio.quantize(Decimal("0.1"))


@dataclass
class NetworkReport:
    year: int
    on: dt.date
    pacts: list[Plan]
    adherents_on: int
    lines: list[LineRow] = field(default_factory=list)
    states: list[tuple[str, str]] = field(default_factory=list)
    state_totals: dict[str, int] = field(default_factory=dict)
    fields_of_activity: list[tuple[str, int]] = field(default_factory=list)
    resources: list[ResourceRow] = field(default_factory=list)
    expiring: list[Agreement] = field(default_factory=list)

    @property
    def hours_documented(self) -> Decimal:
        return sum((r.hours_documented for r in self.resources), Decimal(0))


def _adhering(adhesions, on: dt.date):
    return adhesions.filter(signed_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )


def network_report(*, user, year: int, on: dt.date | None = None) -> NetworkReport:
    """The report of the user's zone for a calendar year; `on` is the day the adherents and
    the expiring agreements are counted (default: the end of the year, or today if sooner)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    on = on or min(last, timezone.localdate())
    pacts = list(pacts_for(user=user).order_by("-period_start"))
    lines = list(lines_for(user=user).order_by("plan__period_start", "position", "code"))
    adhesions = _adhering(Adhesion.objects.visible_to(user), on)
    report = NetworkReport(
        year=year,
        on=on,
        pacts=pacts,
        adherents_on=adhesions.values("organisation").distinct().count(),
        states=list(CandidatureState.choices),
    )
    candidatures = Candidature.objects.visible_to(user)
    by_line_state: dict[tuple[int, str], int] = {}
    for row in candidatures.values("line_id", "state").annotate(n=Count("pk")):
        by_line_state[(row["line_id"], row["state"])] = row["n"]
    engaged = {
        row["line_id"]: row["n"]
        for row in candidatures.filter(state__in=COMMITTED_STATES)
        .values("line_id")
        .annotate(n=Count("organisation", distinct=True))
    }
    for line in lines:
        states = {code: by_line_state.get((line.pk, code), 0) for code, _ in report.states}
        report.lines.append(
            LineRow(
                line=line,
                adherents=engaged.get(line.pk, 0),
                states=states,
                total=sum(states.values()),
            )
        )
    report.state_totals = {
        code: sum(row.states[code] for row in report.lines) for code, _ in report.states
    }
    # Bodies adhering on the day, by field of activity (one body may have several fields).
    through = Organisation.fields_of_activity.through
    field_counts = dict(
        through.objects.filter(organisation_id__in=adhesions.values("organisation_id"))
        .values_list("activityfield_id")
        .annotate(n=Count("organisation_id", distinct=True))
    )
    report.fields_of_activity = [
        (activity.name, field_counts[activity.pk])
        for activity in ActivityField.objects.filter(pk__in=field_counts)
    ]
    report.resources = _resources(user, candidatures, first, last)
    report.expiring = list(
        Agreement.objects.visible_to(user)
        .filter(
            terminated_on__isnull=True,
            renewed_by__isnull=True,
            ends_on__gte=on,
            ends_on__lte=on + dt.timedelta(days=EXPIRY_DAYS),
        )
        .select_related("organisation", "line")
        .order_by("ends_on", "number")
    )
    return report


def _resources(user, candidatures, first: dt.date, last: dt.date) -> list[ResourceRow]:
    committed = {
        (row["organisation_id"], row["line_id"]): row
        for row in candidatures.filter(state__in=COMMITTED_STATES)
        .values("organisation_id", "line_id")
        .annotate(hours=Sum("hours_per_month"), people=Sum("people"), money=Sum("money"))
    }
    documented = {
        (row["organisation_id"], row["line_id"]): row
        for row in CommitmentRecord.objects.visible_to(user)
        .filter(month__gte=first, month__lte=last)
        .values("organisation_id", "line_id")
        .annotate(
            months=Count("pk"),
            hours=Sum("hours"),
            expenses=Sum("expenses"),
            training=Sum("training_hours"),
        )
    }
    keys = set(committed) | set(documented)
    if not keys:
        return []
    names = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in={k[0] for k in keys}).only("name", "uuid")
    }
    lines = {
        line.pk: line
        for line in PlanObjective.objects.filter(pk__in={k[1] for k in keys}).only(
            "code", "title", "position"
        )
    }
    zero = Decimal(0)
    rows = []
    for key in sorted(keys, key=lambda k: (names[k[0]].name, lines[k[1]].position, k[1])):
        given, spent = committed.get(key, {}), documented.get(key, {})
        months = spent.get("months", 0)
        hours = spent.get("hours") or zero
        organisation, line = names[key[0]], lines[key[1]]
        rows.append(
            ResourceRow(
                organisation=organisation.name,
                organisation_uuid=organisation.uuid,
                line_code=line.code,
                line_title=line.title,
                hours_per_month_committed=given.get("hours") or zero,
                people_committed=given.get("people") or 0,
                money_committed=given.get("money") or zero,
                months_documented=months,
                hours_documented=hours,
                hours_per_month_documented=(
                    (hours / months).quantize(Decimal("0.1")) if months else None
                ),
                expenses_documented=spent.get("expenses") or zero,
                training_hours=spent.get("training") or zero,
            )
        )
    return rows
