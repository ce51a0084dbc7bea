"""Writes of the territory (DOMAIN §1). Every function is atomic, checks the actor's permission
and zone, validates everything before writing anything, and leaves an EventLog row.

The writes are split by concept; import them from here (`from ambito.territory import services`).
"""

from .access_points import (
    ACCESS_POINT_FIELDS,
    access_point_create,
    access_point_update,
    validate_opening_hours,
)
from .municipalities import municipality_add, population_set
from .organisations import (
    ORGANISATION_FIELDS,
    member_set_share,
    organisation_create,
    organisation_update,
)
from .staff import MAX_WEEKLY_HOURS, STAFF_FIELDS, staff_create, staff_update

__all__ = [
    "ACCESS_POINT_FIELDS",
    "MAX_WEEKLY_HOURS",
    "ORGANISATION_FIELDS",
    "STAFF_FIELDS",
    "access_point_create",
    "access_point_update",
    "member_set_share",
    "municipality_add",
    "organisation_create",
    "organisation_update",
    "population_set",
    "staff_create",
    "staff_update",
    "validate_opening_hours",
]
