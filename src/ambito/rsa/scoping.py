"""Who sees what of the RSA waiting lists (DOMAIN §7, §11).

- The plan office (`rsa.view_zone_rsa`, the Ufficio di Piano runs "Gestione Accessi e Liste di
  attesa RSA") sees every structure, application, offer, admission and ranking of the zone.
- A social worker or coordinator sees the applications of the cases they may see
  (`visible_related("case")`) and the structures (configuration); not other rankings' rows.
- An RSA managing body's operator (a user whose organisation is a structure's `body`) sees the
  structures it manages, their ranking rows, offers and admissions — the row scope is here;
  which fields (no names but of the applicants offered or admitted there) is the selectors'.
"""

from ambito.core.scoping import Grant, organisation_party, visible_related, whole_zone

ZONE_RSA = "rsa.view_zone_rsa"

STRUCTURE_READERS = (
    Grant(ZONE_RSA, whole_zone),
    Grant("rsa.add_application", whole_zone),
    Grant(None, organisation_party("body")),
)
APPLICATION_READERS = (
    Grant(ZONE_RSA, whole_zone),
    Grant("cases.view_case", visible_related("case")),
)
APPLICATION_CHILD_READERS = (
    Grant(ZONE_RSA, whole_zone),
    Grant("cases.view_case", visible_related("application")),
)
RANKING_READERS = (
    Grant(ZONE_RSA, whole_zone),
    Grant(None, organisation_party("structure__body")),
)
