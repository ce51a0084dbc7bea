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
    visible_related,
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


# A task is seen with its case: the case's visibility decides (a case's task names its person).
TASK_SCOPING = Scoping(
    read="cases.view_case",
    zone="case__zone",
    grants=(Grant(None, visible_related("case")),),
)
# The zone's multidisciplinary teams (staff and institutions, no case data).
EEMM_TEAM_SCOPING = Scoping(read="cases.view_case")
# The zone's targets for the assignment queue (configuration, no case data).
QUEUE_POLICY_SCOPING = Scoping(read="cases.view_case")
# Who gets a municipality's new cases: the coordinators of that municipality, or the zone's.
ASSIGNMENT_RULE_SCOPING = Scoping(
    read="cases.assign_case",
    grants=(
        Grant("cases.view_zone_cases", whole_zone),
        Grant(None, served_municipalities("municipality")),
    ),
)
