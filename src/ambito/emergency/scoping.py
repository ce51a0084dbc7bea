"""Who may see which emergencies (DOMAIN §6, §11 need-to-know).

- the emergency service and the zone administrator (`view_zone_emergencies`): the whole zone;
- the child-protection service (`view_minor_emergencies`): the zone's emergencies with minors;
- social workers and coordinators (`acknowledge_handover`): the emergencies handed over to the
  municipalities they serve.
Another zone's emergencies do not exist."""

from django.db import models


class EmergencyQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EmergencyQuerySet":
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.zone_id is None:
            return self.none()
        qs = self.filter(zone_id=user.zone_id)
        if user.has_perm("emergency.view_zone_emergencies"):
            return qs
        seen = models.Q(pk__in=[])
        if user.has_perm("emergency.view_minor_emergencies"):
            seen |= models.Q(involves_minor=True)
        if user.has_perm("emergency.acknowledge_handover"):
            seen |= models.Q(handover__municipality__in=user.municipalities.values("pk"))
        return qs.filter(seen)
