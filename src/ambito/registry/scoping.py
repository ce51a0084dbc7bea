"""Who may see which persons and households (DOMAIN §11, need-to-know).

- A user sees only the registry of their own zone; another zone's records do not exist for them.
- Reading the registry needs `registry.view_person`.
- With `registry.view_zone_persons` (front office, emergency operators, zone administrators)
  the whole zone's registry is visible; otherwise only the residents of the municipalities
  the user serves (social workers, CPI consultants).
Both permissions are carried by the role groups and can be changed in the admin.
"""

from django.db import models


def _registry_scope(user) -> tuple[bool, bool]:
    """(may read at all, zone-wide)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False, False
    if user.zone_id is None or not user.has_perm("registry.view_person"):
        return False, False
    return True, user.has_perm("registry.view_zone_persons")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonQuerySet":
        allowed, zone_wide = _registry_scope(user)
        if not allowed:
            return self.none()
        qs = self.filter(zone_id=user.zone_id)
        if zone_wide:
            return qs
        return qs.filter(residence_municipality__in=user.municipalities.values("pk"))


class HouseholdQuerySet(models.QuerySet):
    def visible_to(self, user) -> "HouseholdQuerySet":
        allowed, zone_wide = _registry_scope(user)
        if not allowed:
            return self.none()
        qs = self.filter(zone_id=user.zone_id)
        if zone_wide:
            return qs
        return qs.filter(municipality__in=user.municipalities.values("pk"))
