"""Who sees what of servizi distrettuali (DOMAIN §7, §11).

- The plan office and the zone administrator (`district.manage_district`) see every line,
  intake and hours record of the zone, with the costs.
- A social worker or coordinator sees the intakes of the cases they may see
  (`visible_related("case")`) and their hours; they refer a case to any line of the zone.
- An operator of a line's provider organisation (`organisation_party("line__provider")`) sees
  that line's intakes and records their hours; nothing of the other lines.
- The assembly reads the figures only (`district.view_district_figures`): no intake rows.
- The lines are configuration: every reader of the zone holding `district.view_districtline`
  sees them, except a provider's operator, who sees only the lines it delivers.
"""

from ambito.core.scoping import Grant, organisation_party, visible_related, whole_zone

MANAGE = "district.manage_district"
REFER = "district.refer_district"
FIGURES = "district.view_district_figures"
RECORD_HOURS = "district.record_district_hours"

LINE_READERS = (
    Grant(MANAGE, whole_zone),
    Grant(REFER, whole_zone),
    Grant(FIGURES, whole_zone),
    Grant(None, organisation_party("provider")),
)
INTAKE_READERS = (
    Grant(MANAGE, whole_zone),
    Grant("cases.view_case", visible_related("case")),
    Grant(RECORD_HOURS, organisation_party("line__provider")),
)
# An hours record is visible with its intake.
HOURS_READERS = (Grant(None, visible_related("intake")),)
