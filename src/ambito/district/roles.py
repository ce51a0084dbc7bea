"""The permissions each seeded role starts with in this app (merged by core/roles.py).

- The plan office and the zone administrator manage the lines, admit from the intake lists,
  record hours and read the costs.
- Social workers and coordinators refer the cases they see and read those cases' intakes.
- A third-sector operator records hours on the lines its organisation delivers (scoping).
- The assembly reads the figures only."""

from ambito.core.choices import Role

READ = ["district.view_districtline", "district.view_districtintake", "district.view_districthours"]
MANAGE = READ + [
    "district.add_districtline",
    "district.change_districtline",
    "district.manage_district",
    "district.record_district_hours",
    "district.view_district_figures",
]
REFER = READ + ["district.refer_district"]

DEFAULTS: dict[str, list[str]] = {
    Role.PLANNER: MANAGE,
    Role.ZONE_ADMIN: MANAGE,
    Role.SOCIAL_WORKER: REFER,
    Role.COORDINATOR: REFER,
    Role.THIRD_SECTOR: READ + ["district.record_district_hours"],
    Role.ASSEMBLY: ["district.view_districtline", "district.view_district_figures"],
}
