"""Object rules of the pathway (core/permissions.py `require`), autodiscovered by `rules`.

- `cases.write_case` (a case): the user may change cases, works in the case's zone and sees the
  case in their scope (scoping.py: its team, its case manager, the coordinators of its
  municipality, whoever reads the whole zone). Never a reader who opened the case by stating
  a reason (break the glass is read-only).
- `cases.assign_case_of` (a municipality): a coordinator of that municipality, or one who
  reads the whole zone, assigns its cases.
- `cases.reopen_case` (a case): whoever writes it or assigns its municipality's cases.
- `cases.record_eemm_meeting` (an EEMM team): the user may change cases and the team is of
  their zone.
"""

import rules

from ambito.core.predicates import holds, same_zone, visible
from ambito.core.scoping import served_municipality_ids

from .models import Case


@rules.predicate
def serves_municipality(user, municipality) -> bool:
    return municipality is not None and municipality.pk in set(served_municipality_ids(user))


@rules.predicate
def may_assign_cases_of_its_municipality(user, case) -> bool:
    return case is not None and rules.test_rule("cases.assign_case_of", user, case.municipality)


write_case = holds("cases.change_case") & same_zone & visible(Case)
assign_case_of = (
    holds("cases.assign_case") & same_zone & (holds("cases.view_zone_cases") | serves_municipality)
)

rules.add_rule("cases.write_case", write_case)
rules.add_rule("cases.assign_case_of", assign_case_of)
rules.add_rule("cases.reopen_case", write_case | (same_zone & may_assign_cases_of_its_municipality))
rules.add_rule("cases.record_eemm_meeting", holds("cases.change_case") & same_zone)
