"""Who sees what of providers, accreditation and vouchers (DOMAIN §7, §11).

- The plan office (`providers.view_zone_providers`) sees the zone's providers, applications,
  vouchers, deliveries and payments.
- A provider's operator (a user whose organisation is the provider's) sees only their own
  provider, its applications, the vouchers spent with it, their deliveries and payments.
  What of a voucher they may read (the beneficiary's name and what was authorised, nothing
  else of the case) is the views' and the API's choice of fields; the row scope is here.
- A social worker sees the vouchers of the cases they may see (`visible_related("case")`),
  and the deliveries of those vouchers.
- Schemes (accreditation and voucher) and the provider list are configuration: every reader
  of the zone with the model's view permission sees them.
"""

from ambito.core.scoping import Grant, organisation_party, visible_related, whole_zone

ZONE_PROVIDERS = "providers.view_zone_providers"

ZONE_OR_OWN_PROVIDER = (
    Grant(ZONE_PROVIDERS, whole_zone),
    Grant(None, organisation_party("organisation")),
)
ZONE_OR_OWN_APPLICATION = (
    Grant(ZONE_PROVIDERS, whole_zone),
    Grant(None, organisation_party("provider__organisation")),
)
APPLICATION_CHILD_READERS = (
    Grant(ZONE_PROVIDERS, whole_zone),
    Grant(None, organisation_party("application__provider__organisation")),
)
VOUCHER_READERS = (
    Grant(ZONE_PROVIDERS, whole_zone),
    Grant(None, organisation_party("provider__organisation")),
    Grant("cases.view_case", visible_related("case")),
)
DELIVERY_READERS = (
    Grant(ZONE_PROVIDERS, whole_zone),
    Grant(None, organisation_party("provider__organisation")),
    Grant("cases.view_case", visible_related("voucher")),
)
PAYMENT_READERS = (
    Grant(ZONE_PROVIDERS, whole_zone),
    Grant(None, organisation_party("provider__organisation")),
    Grant("cases.view_case", visible_related("voucher")),
)
