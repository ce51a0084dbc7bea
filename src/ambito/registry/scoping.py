"""Who may see which persons and households (DOMAIN §11, need-to-know).

- A user sees only the registry of their own zone; another zone's records do not exist for them.
- Reading the registry needs `registry.view_person`.
- With `registry.view_zone_persons` (front office, emergency operators, zone administrators)
  the whole zone's registry is visible; otherwise only the residents of the municipalities
  the user serves (social workers, CPI consultants).
Both permissions are carried by the role groups and can be changed in the admin. The rules are
declared with the core layer (core/scoping.py).
"""

from ambito.core.scoping import Grant, ScopedQuerySet, Scoping, served_municipalities, whole_zone

PERSON_SCOPING = Scoping(
    read="registry.view_person",
    grants=(
        Grant("registry.view_zone_persons", whole_zone),
        Grant(None, served_municipalities("residence_municipality")),
    ),
)
HOUSEHOLD_SCOPING = Scoping(
    read="registry.view_person",
    grants=(
        Grant("registry.view_zone_persons", whole_zone),
        Grant(None, served_municipalities("municipality")),
    ),
)


class PersonQuerySet(ScopedQuerySet):
    pass


class HouseholdQuerySet(ScopedQuerySet):
    pass
