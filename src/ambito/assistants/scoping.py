"""Who sees what of the registro degli assistenti familiari (DOMAIN §7, §11).

- The register's managers (the plan office, the zone's administrator: `assistants.manage_register`)
  see every worker of the zone, in every state, with or without consent.
- The access point's operators (front office, social workers, coordinators:
  `assistants.search_register`) see only the workers who are **listable**: enrolled (not in
  application, checks, suspended or removed) and with a consent to be listed given and not
  withdrawn. A withdrawal or a suspension hides the worker at once, everywhere (pages, API,
  the public charter), because every reader goes through `LISTABLE`.
- Matches (worker ↔ family) name a family: the managers and the coordinators
  (`assistants.view_zone_matches`) see the zone's; an operator sees the matches they recorded
  and those of the access points in the municipalities they serve.
"""

from django.db.models import Q

from ambito.core.scoping import Grant, matching, own, served_municipalities, whole_zone

from .choices import WorkerState

MANAGE = "assistants.manage_register"
SEARCH = "assistants.search_register"
ZONE_MATCHES = "assistants.view_zone_matches"
FIGURES = "assistants.view_register_figures"

# Enrolled, consent given and not withdrawn: the only workers a search or the charter shows.
LISTABLE = Q(
    state=WorkerState.ENROLLED,
    consent_given_on__isnull=False,
    consent_withdrawn_on__isnull=True,
)

WORKER_READERS = (
    Grant(MANAGE, whole_zone),
    Grant(SEARCH, matching(LISTABLE)),
)


def _worker_child(path: str) -> Q:
    return Q(**{f"{path}__{key}": value for key, value in LISTABLE.children})


WORKER_CHILD_READERS = (
    Grant(MANAGE, whole_zone),
    Grant(SEARCH, matching(_worker_child("worker"))),
)

MATCH_READERS = (
    Grant(MANAGE, whole_zone),
    Grant(ZONE_MATCHES, whole_zone),
    Grant(None, own("recorded_by")),
    Grant(None, served_municipalities("access_point__municipality")),
)
