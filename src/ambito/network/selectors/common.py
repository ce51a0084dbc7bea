"""The pacts and lines a network user may read.

A pact is a public act that every adherent signs: the plan office reads it as a plan
(`planning.view_plan`), and a third-sector operator, who has no access to the zone's other
plans, reads the pacts of the zone they work in and their lines through the network
(`network.view_candidature`)."""

from __future__ import annotations

from ambito.core.permissions import allowed, works_in_zone
from ambito.planning.models import Plan, PlanObjective


def pacts_for(user):
    if allowed(user, "planning.view_plan"):
        return Plan.objects.visible_to(user).filter(kind="pact")
    if works_in_zone(user) and allowed(user, "network.view_candidature"):
        return Plan.objects.filter(zone_id=user.zone_id, kind="pact")
    return Plan.objects.none()


def lines_for(user):
    return PlanObjective.objects.filter(plan__in=pacts_for(user).values("pk"))
