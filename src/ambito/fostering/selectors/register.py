"""Reads of the register, the placements and the groups, scoped by the models' `scoping`."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from ambito.cases.models import Case

from ..models import FosterFamily, OriginMeeting, Placement, SupportGroup
from ..scoping import ZONE
from ..services.common import may_work_case


def families_for(*, user, status: str = "", kind: str = ""):
    rows = FosterFamily.objects.visible_to(user).select_related("municipality")
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(availability__kind=kind)
    return (
        rows.annotate(
            open_placements=Count("placements", filter=Q(placements__ended_on__isnull=True))
        )
        .prefetch_related("availability")
        .order_by("reference_adults", "pk")
    )


def family_for(*, user, uuid):
    """A family of the register, for the foster-care centre only (the case team sees a family
    only through its placements)."""
    if not user.has_perm(ZONE):
        return None
    return (
        FosterFamily.objects.visible_to(user)
        .select_related("municipality")
        .prefetch_related("availability", "trainings", "assessments", "suspensions")
        .filter(uuid=uuid)
        .first()
    )


def placements_for(*, user, kind: str = "", open_only: bool | None = None, family=None):
    rows = (
        Placement.objects.visible_to(user)
        .select_related("family", "case", "case__person")
        .prefetch_related("children")
    )
    if kind:
        rows = rows.filter(kind=kind)
    if open_only is True:
        rows = rows.filter(ended_on__isnull=True)
    elif open_only is False:
        rows = rows.filter(ended_on__isnull=False)
    if family is not None:
        rows = rows.filter(family=family)
    return rows


def placement_for(*, user, uuid):
    return (
        placements_for(user=user)
        .prefetch_related(
            Prefetch("meetings", queryset=OriginMeeting.objects.order_by("-held_on", "-pk"))
        )
        .filter(uuid=uuid)
        .first()
    )


def case_for(*, user, uuid):
    """The case a placement is recorded from: a case the user may open (cases/scoping.py; the
    foster-care centre joins the team of the cases it follows) on which they may record
    placements; otherwise None (a 404)."""
    case = (
        Case.objects.visible_to(user)
        .filter(uuid=uuid)
        .select_related("person", "household", "municipality")
        .first()
    )
    if case is None or not may_work_case(user, case):
        return None
    return case


def groups_for(*, user):
    return SupportGroup.objects.visible_to(user).annotate(
        family_count=Count("families", distinct=True),
        meeting_count=Count("meetings", distinct=True),
    )


def group_for(*, user, uuid):
    return (
        SupportGroup.objects.visible_to(user)
        .prefetch_related("families", "meetings__families")
        .filter(uuid=uuid)
        .first()
    )
