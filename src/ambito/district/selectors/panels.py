"""This app's section on a case's page (cases/panels.py): the case's district services and,
for the team, the form "Segnala a un servizio distrettuale"."""

from ambito.core.audit import log_access
from ambito.core.permissions import allowed

from ..choices import Priority
from ..models import DistrictIntake, DistrictLine
from ..scoping import REFER
from .district import intakes_for, sees_costs, with_waiting


def case_panel(user, case, writable: bool) -> dict | None:
    """The context of templates/district/_case_panel.html, or None when the user may not see it."""
    if not allowed(user, "district.view_districtintake"):
        return None
    intakes = with_waiting(intakes_for(user, case=case))
    can_refer = bool(writable and case.is_open and allowed(user, REFER))
    if not intakes and not can_refer:
        return None
    if intakes:
        log_access(user=user, obj=intakes[0], person=case.person,
                   object_type="district.districtintake")  # fmt: skip
    lines = []
    if can_refer:
        open_lines = set(
            DistrictIntake.objects.filter(
                case=case, state__in=("waiting", "active", "suspended")
            ).values_list("line_id", flat=True)
        )
        lines = [
            line
            for line in DistrictLine.objects.visible_to(user).filter(active=True)
            if line.pk not in open_lines
        ]
    return {
        "intakes": intakes,
        "can_refer": can_refer and bool(lines),
        "lines": lines,
        "priorities": Priority.choices,
        "sees_costs": sees_costs(user),
    }
