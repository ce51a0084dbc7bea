"""Who may see which cases (DOMAIN §4 "Access", §11 need-to-know).

A case is visible to its team (active members and the case manager), to the coordinators of
its municipality (`cases.assign_case` and the municipality among theirs) and to whoever reads
the whole zone (`cases.view_zone_cases`: the zone administrator). Everyone needs
`cases.view_case`; another zone's cases do not exist. Anyone else with a legitimate need opens
a case only by stating a reason (core/break_glass.py), which is logged and flagged. The rules
are declared with the core layer (core/scoping.py).
"""

from ambito.core.scoping import (
    Grant,
    ScopedQuerySet,
    Scoping,
    served_municipalities,
    team_member,
    whole_zone,
)

CASE_SCOPING = Scoping(
    read="cases.view_case",
    grants=(
        Grant("cases.view_zone_cases", whole_zone),
        Grant(None, team_member("members", manager="case_manager")),
        Grant("cases.assign_case", served_municipalities("municipality")),
    ),
)


class CaseQuerySet(ScopedQuerySet):
    pass
