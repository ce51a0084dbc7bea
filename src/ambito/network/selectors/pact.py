"""Reads of the pact, its lines, adhesions, candidatures and the third-sector registry, for
the user who asks (network/scoping.py). The pact is a public act of the zone: a third-sector
operator of the zone reads it and its lines (they hold no planning permission), but sees only
the adhesions and candidatures of their own organisation."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from ambito.core.permissions import allowed, works_in_zone
from ambito.planning.models import PactCommitment, Plan, PlanObjective
from ambito.territory.models import Organisation

from .. import workflow
from ..choices import AdhesionRole, CandidatureState
from ..models import Adhesion, Agreement, Candidature, CommitmentRecord, GroupMember

ZONE_NETWORK = "network.view_zone_network"
THIRD_SECTOR = "third_sector"


def sees_zone_network(user) -> bool:
    return allowed(user, ZONE_NETWORK)


def _reads_network(user) -> bool:
    return works_in_zone(user) and (
        allowed(user, ZONE_NETWORK)
        or (
            getattr(user, "organisation_id", None) is not None
            and allowed(user, "network.view_adhesion")
        )
    )


# --- pacts and lines ---------------------------------------------------------------------


def pacts_for(*, user):
    """The zone's pacts (Plans of kind "pact")."""
    if allowed(user, "planning.view_plan"):
        return Plan.objects.visible_to(user).filter(kind="pact")
    if _reads_network(user):
        return Plan.objects.filter(zone_id=user.zone_id, kind="pact")
    return Plan.objects.none()


def lines_for(*, user, pact: Plan | None = None):
    rows = PlanObjective.objects.filter(plan__in=pacts_for(user=user)).select_related("plan")
    if pact is not None:
        rows = rows.filter(plan=pact)
    return rows.order_by("plan", "position", "code")


def pact_get(*, user, uuid) -> Plan | None:
    return pacts_for(user=user).filter(uuid=uuid).first()


def line_get(*, user, uuid) -> PlanObjective | None:
    return lines_for(user=user).filter(uuid=uuid).first()


# --- adhesions ---------------------------------------------------------------------------


def adhesions_for(*, user):
    return Adhesion.objects.visible_to(user).select_related("organisation", "pact")


def adhesion_get(*, user, uuid) -> Adhesion | None:
    return adhesions_for(user=user).filter(uuid=uuid).first()


def in_force_on(rows, on: dt.date):
    """Adhesion rows in force on `on`: signed on or before it, not withdrawn by it."""
    return rows.filter(signed_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )


def adhesions_on(*, user, pact: Plan, on: dt.date):
    """The adhesions in force on `on`: signed on or before it, not withdrawn by it."""
    return in_force_on(adhesions_for(user=user).filter(pact=pact), on).order_by(
        "role", "organisation__name"
    )


def adherents_on(*, user, pact: Plan, on: dt.date):
    """The organisations adhering to the pact on `on` (promoters included), as the user may
    see them."""
    ids = in_force_on(Adhesion.objects.visible_to(user).filter(pact=pact), on).values(
        "organisation_id"
    )
    return Organisation.objects.filter(pk__in=ids).order_by("name")


def open_adhesion(*, pact, organisation) -> Adhesion | None:
    return Adhesion.objects.filter(
        pact=pact, organisation=organisation, withdrawn_on__isnull=True
    ).first()


# --- candidatures ------------------------------------------------------------------------


def candidatures_for(*, user, state: str = "", line=None, organisation=None):
    rows = Candidature.objects.visible_to(user).select_related("line", "line__plan", "organisation")
    if state:
        rows = rows.filter(state=state)
    if line is not None:
        rows = rows.filter(line=line)
    if organisation is not None:
        rows = rows.filter(organisation=organisation)
    return rows.order_by("-submitted_at", "-pk")


def candidature_get(*, user, uuid) -> Candidature | None:
    return candidatures_for(user=user).filter(uuid=uuid).first()


# --- the home and the line ---------------------------------------------------------------


@dataclass
class LineRow:
    line: PlanObjective
    by_state: dict[str, int] = field(default_factory=dict)

    @property
    def candidatures(self) -> int:
        return sum(self.by_state.values())

    @property
    def participating(self) -> int:
        return self.by_state.get(CandidatureState.ACCEPTED, 0) + self.by_state.get(
            CandidatureState.ACTIVE, 0
        )

    @property
    def pending(self) -> int:
        return self.by_state.get(CandidatureState.SUBMITTED, 0) + self.by_state.get(
            CandidatureState.UNDER_REVIEW, 0
        )


@dataclass
class PactRow:
    pact: Plan
    adherents: int
    promoters: int
    lines: list[LineRow]


def network_home(*, user, on: dt.date) -> list[PactRow]:
    """The zone's pacts with their lines; per pact the adherents on `on`, per line the
    candidatures by state (as the user may see them). Four queries whatever the size."""
    pacts = list(pacts_for(user=user).order_by("-period_start", "title"))
    lines = list(lines_for(user=user).filter(plan__in=pacts))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Candidature.objects.visible_to(user)
        .filter(line__in=lines)
        .values("line_id", "state")
        .annotate(n=Count("pk"))
    ):
        counts[row["line_id"]][row["state"]] = row["n"]
    adhering: dict[tuple[int, str], int] = defaultdict(int)
    for row in (
        in_force_on(Adhesion.objects.visible_to(user).filter(pact__in=pacts), on)
        .values("pact_id", "role")
        .annotate(n=Count("organisation_id", distinct=True))
    ):
        adhering[(row["pact_id"], row["role"])] = row["n"]
    by_pact: dict[int, list[LineRow]] = defaultdict(list)
    for line in lines:
        by_pact[line.plan_id].append(LineRow(line, counts.get(line.pk, {})))
    return [
        PactRow(
            pact=p,
            adherents=adhering[(p.pk, AdhesionRole.ADHERENT)],
            promoters=adhering[(p.pk, AdhesionRole.PROMOTER)],
            lines=by_pact[p.pk],
        )
        for p in pacts
    ]


def line_page(*, user, line: PlanObjective) -> dict:
    """The line with the pact commitments of both sides and the accepted or active
    candidatures (with their resources) the user may see."""
    commitments = list(PactCommitment.objects.filter(objective=line).order_by("side", "position"))
    participating = list(
        Candidature.objects.visible_to(user)
        .filter(line=line, state__in=[CandidatureState.ACCEPTED, CandidatureState.ACTIVE])
        .select_related("organisation")
        .order_by("organisation__name")
    )
    totals = {
        "people": sum(c.people for c in participating),
        "hours_per_month": sum((c.hours_per_month for c in participating), start=0),
        "vehicles": sum(c.vehicles for c in participating),
        "money": sum((c.money for c in participating), start=0),
    }
    return {
        "commitments_third_sector": [c for c in commitments if c.side == "third_sector"],
        "commitments_institutions": [c for c in commitments if c.side != "third_sector"],
        "participating": participating,
        "totals": totals,
    }


# --- the registry and an organisation's page ---------------------------------------------


def organisations_for(*, user, field_of_activity=None, runts_section: str = "", q: str = ""):
    """The zone's third-sector registry: all of it for the plan office and the assembly, only
    their own organisation for a third-sector operator, nothing for anyone else."""
    if not _reads_network(user):
        return Organisation.objects.none()
    rows = Organisation.objects.visible_to(user).filter(kind=THIRD_SECTOR)
    if not sees_zone_network(user):
        rows = rows.filter(pk=user.organisation_id)
    if field_of_activity is not None:
        rows = rows.filter(
            pk__in=Organisation.fields_of_activity.through.objects.filter(
                activityfield=field_of_activity
            ).values("organisation_id")
        )
    if runts_section:
        rows = rows.filter(runts_section=runts_section)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(runts_number=q) | Q(tax_code__iexact=q))
    return rows.select_related("municipality").order_by("name")


def organisation_get(*, user, uuid) -> Organisation | None:
    return organisations_for(user=user).filter(uuid=uuid).first()


def organisation_page(*, user, organisation: Organisation) -> dict:
    """An organisation's network page: adhesions, candidatures by state, agreements, the
    working groups it sits in, and the hours it recorded per line (one aggregate over its
    commitment records, on the (organisation, month) index). Seven queries."""
    adhesions = list(
        Adhesion.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("pact")
        .order_by("-signed_on")
    )
    candidatures = list(
        Candidature.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("line", "line__plan")
        .order_by("-submitted_at")
    )
    by_state = [
        (label, [c for c in candidatures if c.state == value])
        for value, label in CandidatureState.choices
    ]
    agreements = list(
        Agreement.objects.visible_to(user)
        .filter(organisation=organisation)
        .select_related("line")
        .order_by("-starts_on")
    )
    groups = list(
        GroupMember.objects.visible_to(user)
        .filter(organisation=organisation, left_on__isnull=True)
        .select_related("group", "group__line")
        .order_by("group__name")
    )
    totals = list(
        CommitmentRecord.objects.visible_to(user)
        .filter(organisation=organisation)
        .values("line_id", "line__code", "line__title")
        .annotate(
            hours=Sum("hours"),
            expenses=Sum("expenses"),
            months=Count("pk"),
        )
        .order_by("line__code")
    )
    return {
        "adhesions": adhesions,
        "candidatures_by_state": [(label, rows) for label, rows in by_state if rows],
        "open_candidatures": sum(1 for c in candidatures if workflow.is_open(c.state)),
        "agreements": agreements,
        "groups": groups,
        "commitment_totals": totals,
        "fields_of_activity": list(organisation.fields_of_activity.all()),
    }
