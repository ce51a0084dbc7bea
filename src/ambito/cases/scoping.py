"""Who may see which cases (DOMAIN §4 "Access", §11 need-to-know).

A case is visible to its team (active members and the case manager), to the coordinators of
its municipality (`cases.assign_case` and the municipality among theirs) and to whoever reads
the whole zone (`cases.view_zone_cases`: the zone administrator). Everyone needs
`cases.view_case`; another zone's cases do not exist. Anyone else with a legitimate need opens
a case only by stating a reason (selectors.case_get_with_reason), which is logged and flagged.
"""

from django.db import models


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.zone_id is None or not user.has_perm("cases.view_case"):
            return self.none()
        qs = self.filter(zone_id=user.zone_id)
        if user.has_perm("cases.view_zone_cases"):
            return qs
        from .models import CaseMember

        mine = models.Q(case_manager=user) | models.Q(
            pk__in=CaseMember.objects.filter(user=user, removed_at__isnull=True).values("case_id")
        )
        if user.has_perm("cases.assign_case"):
            mine |= models.Q(municipality__in=user.municipalities.values("pk"))
        return qs.filter(mine)
