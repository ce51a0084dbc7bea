"""Who sees what of tutela minori e autorità giudiziaria (DOMAIN §7, §11) — strict.

A court order, its social report (with every version) and the UVM meetings on a case are seen
ONLY by:

- the child-protection service (`protection.view_zone_orders`): the whole zone;
- the case's team: an active member (CaseMember with no `removed_at`) or the case manager.

Nobody else — not the zone administrator, not the plan office, not a social worker of the same
zone outside the team — sees them: the rows do not exist for them (404 on the pages and the
API). The read permission of each model is still required (`read=`).

The UVM teams (names of professionals) and the report templates are configuration: every
holder of the view permission of the zone sees them. The figures (deadlines met on time) are
counts without personal data (`protection.view_protection_figures`)."""

from django.db.models import Q

from ambito.core.scoping import Grant, Scoping, whole_zone

ZONE_ORDERS = "protection.view_zone_orders"
FIGURES = "protection.view_protection_figures"


def case_team(case_path: str):
    """Rows whose case (at `case_path`) counts the user in its active team or as manager: a
    subquery on CaseMember, so no row is repeated."""

    def rows(user, model) -> Q:
        from ambito.cases.models import CaseMember

        members = CaseMember.objects.filter(user=user, removed_at__isnull=True).values("case_id")
        return Q(**{f"{case_path}__in": members}) | Q(**{f"{case_path}__case_manager": user})

    return rows


def _strict(read: str, case_path: str) -> Scoping:
    return Scoping(
        read=read,
        grants=(Grant(ZONE_ORDERS, whole_zone), Grant(None, case_team(case_path))),
    )


ORDER_SCOPING = _strict("protection.view_courtorder", "case")
REPORT_SCOPING = _strict("protection.view_socialreport", "order__case")
MEETING_SCOPING = _strict("protection.view_uvmmeeting", "case")
TEAM_SCOPING = Scoping(read="protection.view_uvmteam")
TEMPLATE_SCOPING = Scoping(read="protection.view_reporttemplate")


def is_team_member(user, case) -> bool:
    from ambito.cases.models import CaseMember

    if case.case_manager_id == user.pk:
        return True
    return CaseMember.objects.filter(case=case, user=user, removed_at__isnull=True).exists()


def sees_case_orders(user, case) -> bool:
    """The child-protection service of the case's zone or the case's team, with the read
    permission: the case panel and the order's creation from the case."""
    if not user.is_active or user.zone_id != case.zone_id:
        return False
    if not user.has_perm("protection.view_courtorder"):
        return False
    return user.has_perm(ZONE_ORDERS) or is_team_member(user, case)


def case_for_new_order(user, uuid):
    """The case an order is registered on, or None (a 404): a case the user may open
    (cases/scoping.py: the child-protection service joins the team of the cases it follows)
    and whose orders they may see."""
    from ambito.cases.models import Case

    case = Case.objects.visible_to(user).filter(uuid=uuid).select_related("person").first()
    if case is None or not sees_case_orders(user, case):
        return None
    return case
