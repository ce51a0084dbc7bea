"""Who may see which emergencies (DOMAIN §6, §11 need-to-know).

- the emergency service and the zone administrator (`view_zone_emergencies`): the whole zone;
- the child-protection service (`view_minor_emergencies`): the zone's emergencies with minors;
- social workers and coordinators (`acknowledge_handover`): the emergencies handed over to the
  municipalities they serve.
Another zone's emergencies do not exist. A placement is seen with its emergency; a hand-over,
to take it over, by the social services of its municipality. Shelters, the rota and the
urgency criteria are the zone's, for whoever holds their read permission (the rota also for
whoever reads emergencies: the home page says who is on call). Declared with the core layer
(core/scoping.py)."""

from django.db.models import Q

from ambito.core.scoping import (
    Grant,
    ScopedQuerySet,
    Scoping,
    matching,
    served_municipalities,
    visible_related,
    whole_zone,
)

EMERGENCY_SCOPING = Scoping(
    grants=(
        Grant("emergency.view_zone_emergencies", whole_zone),
        Grant("emergency.view_minor_emergencies", matching(Q(involves_minor=True))),
        Grant("emergency.acknowledge_handover", served_municipalities("handover__municipality")),
    ),
)


class EmergencyQuerySet(ScopedQuerySet):
    pass


SHELTER_SCOPING = Scoping(read="emergency.view_shelter")
ON_CALL_SHIFT_SCOPING = Scoping(
    grants=(
        Grant("emergency.view_oncallshift", whole_zone),
        Grant("emergency.view_emergency", whole_zone),
    ),
)
# Criteria without a zone apply everywhere (UrgencyCriterionQuerySet adds them).
URGENCY_CRITERION_SCOPING = Scoping(read="emergency.view_urgencycriterion")
PLACEMENT_SCOPING = Scoping(
    zone="emergency__zone", grants=(Grant(None, visible_related("emergency")),)
)
HANDOVER_SCOPING = Scoping(
    read="emergency.acknowledge_handover",
    zone="emergency__zone",
    grants=(Grant(None, served_municipalities("municipality")),),
)


class UrgencyCriterionQuerySet(ScopedQuerySet):
    """The zone's own criteria and the shared ones (no zone), for whoever may read criteria."""

    def visible_to(self, user):
        condition = self.model.scoping.filter_for(user, self.model)
        if condition is None:
            return self.none()
        return self.filter(condition | Q(zone__isnull=True))
