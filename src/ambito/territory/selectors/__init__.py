"""Reads of the territory (DOMAIN §1), always scoped to the asking user's zone.

A user with no zone, or without the matching `territory.view_*` permission, gets nothing:
an empty queryset or None, which the views turn into a 404.

The reads are split by concept; import them from here (`from ambito.territory import selectors`).
"""

from ._common import format_euro, format_number, format_time
from .access_points import (
    WEEKDAY_ABBREVIATIONS,
    AccessPointCount,
    access_point_counts,
    access_point_get,
    access_point_list,
    is_active_on,
    lep_access_points_minimum,
    opening_hours_summary,
    weekly_opening_hours,
)
from .staff import (
    FULL_TIME_HOURS,
    LEP_INHABITANTS_PER_SOCIAL_WORKER,
    MunicipalityStaffRow,
    StaffFigure,
    StaffSummary,
    fte_of,
    inhabitants_ratio,
    staff_get,
    staff_list,
    staff_summary,
)
from .zone import (
    FULL_SHARE,
    MunicipalityRow,
    OrganisationGroup,
    SubAreaRow,
    ZoneOverview,
    municipality_list,
    organisation_list,
    population_years,
    populations_by_municipality,
    subarea_list,
    zone_get,
    zone_list,
    zone_overview,
)

__all__ = [
    "FULL_SHARE",
    "FULL_TIME_HOURS",
    "LEP_INHABITANTS_PER_SOCIAL_WORKER",
    "WEEKDAY_ABBREVIATIONS",
    "AccessPointCount",
    "MunicipalityRow",
    "MunicipalityStaffRow",
    "OrganisationGroup",
    "StaffFigure",
    "StaffSummary",
    "SubAreaRow",
    "ZoneOverview",
    "access_point_counts",
    "access_point_get",
    "access_point_list",
    "format_euro",
    "format_number",
    "format_time",
    "fte_of",
    "inhabitants_ratio",
    "is_active_on",
    "lep_access_points_minimum",
    "municipality_list",
    "opening_hours_summary",
    "organisation_list",
    "population_years",
    "populations_by_municipality",
    "staff_get",
    "staff_list",
    "staff_summary",
    "subarea_list",
    "weekly_opening_hours",
    "zone_get",
    "zone_list",
    "zone_overview",
]
