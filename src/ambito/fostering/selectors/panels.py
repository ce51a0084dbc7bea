"""This app's section on a case's page (cases/panels.py)."""

from ..models import Placement
from ..services.common import may_work_case


def case_panel(user, case, writable: bool) -> dict | None:
    """The context of templates/fostering/_case_panel.html, or None when the user may not see it:
    the case's team and the foster-care centre see the case's placements."""
    if not may_work_case(user, case):
        return None
    placements = list(
        Placement.objects.filter(case=case)
        .select_related("family")
        .prefetch_related("children")
        .order_by("-starts_on", "-pk")
    )
    return {
        "placements": placements,
        "can_add": writable and user.has_perm("fostering.add_placement"),
    }
