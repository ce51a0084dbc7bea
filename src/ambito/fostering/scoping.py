"""Who sees what of affido familiare (DOMAIN §7, §11).

- The district foster-care centre (the child-protection service, `fostering.view_zone_fostering`)
  sees the zone's whole register, every placement, the support groups.
- The case team (the case's manager and its active members) sees the placements of its cases
  and, of the register, only the families of those placements; when it chooses a family for a
  new placement, the matching selector shows the names of the matching families and nothing else.
- The plan office, the zone administrator and the assembly read only the figures
  (`fostering.view_fostering_reports`, selectors/reports.py): no row of these models.
"""

from django.db.models import Q

from ambito.core.scoping import Grant, whole_zone

ZONE = "fostering.view_zone_fostering"
MANAGE = "fostering.manage_fostering"
REPORTS = "fostering.view_fostering_reports"


def case_team(path: str):
    """Rows whose case (at `path`) has the user as manager or active member."""

    def rows(user, model) -> Q:
        from ambito.cases.models import Case, CaseMember

        members = CaseMember.objects.filter(user=user, removed_at__isnull=True).values("case_id")
        cases = Case.objects.filter(Q(pk__in=members) | Q(case_manager=user)).values("pk")
        return Q(**{f"{path}__in": cases})

    return rows


def family_of_team_placement(user, model) -> Q:
    from .models import Placement

    placements = Placement.objects.filter(case_team("case")(user, Placement))
    return Q(pk__in=placements.values("family_id"))


FAMILY_READERS = (Grant(ZONE, whole_zone), Grant(None, family_of_team_placement))
PLACEMENT_READERS = (Grant(ZONE, whole_zone), Grant(None, case_team("case")))
MEETING_READERS = (Grant(ZONE, whole_zone), Grant(None, case_team("placement__case")))
