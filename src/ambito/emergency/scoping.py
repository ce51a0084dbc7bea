"""Who may see which emergencies (DOMAIN §6, §11 need-to-know).

- the emergency service and the zone administrator (`view_zone_emergencies`): the whole zone;
- the child-protection service (`view_minor_emergencies`): the zone's emergencies with minors;
- social workers and coordinators (`acknowledge_handover`): the emergencies handed over to the
  municipalities they serve.
Another zone's emergencies do not exist. Declared with the core layer (core/scoping.py)."""

from django.db.models import Q

from ambito.core.scoping import (
    Grant,
    ScopedQuerySet,
    Scoping,
    matching,
    served_municipalities,
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
