"""The seeded roles and the permissions each starts with.

Roles are Django groups named after `Role` labels; the admin can change their permissions.
`roles_sync()` creates missing groups with these defaults and never removes what an
administrator added.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .choices import Role

TERRITORY_READ = [
    "territory.view_zone",
    "territory.view_municipality",
    "territory.view_organisation",
    "territory.view_accesspoint",
    "territory.view_staff",
    "territory.view_consortiummember",
]
TERRITORY_WRITE = [
    "territory.change_zone",
    "territory.add_municipality",
    "territory.change_municipality",
    "territory.add_organisation",
    "territory.change_organisation",
    "territory.add_accesspoint",
    "territory.change_accesspoint",
    "territory.add_staff",
    "territory.change_staff",
    "territory.add_consortiummember",
    "territory.change_consortiummember",
]
REGISTRY_READ = [
    "registry.view_person",
    "registry.view_household",
    "registry.view_iseerecord",
]
REGISTRY_WRITE = [
    "registry.add_person",
    "registry.change_person",
    "registry.add_household",
    "registry.change_household",
    "registry.add_iseerecord",
]
ZONE_WIDE = ["registry.view_zone_persons"]
CHARTER_READ = ["catalog.view_service"]
CHARTER_WRITE = ["catalog.add_service", "catalog.change_service"]
CONTACTS = ["access.view_contact", "access.add_contact", "access.change_contact"]
OBSERVATORY = ["access.view_observatory"]
AUDIT = ["core.view_accesslog", "core.view_eventlog"]
# Cases: the team reads and writes the cases it belongs to (cases/scoping.py).
CASES_MEMBER = ["cases.view_case", "cases.change_case"]
CASES_WORK = CASES_MEMBER + ["cases.add_case"]
CASES_COORDINATE = CASES_WORK + ["cases.assign_case"]
# The pathway's configuration of a zone, in the admin: EEMM teams, assignment rules, targets.
PATHWAY_CONFIGURE = [
    f"cases.{action}_{model}"
    for model in ("eemmteam", "eemmmember", "assignmentrule", "queuepolicy")
    for action in ("view", "add", "change")
]
APPLICATIONS_READ = ["measures.view_application", "measures.view_measure"]
APPLICATIONS_MANAGE = APPLICATIONS_READ + [
    "measures.change_application",
    "measures.import_applications",
]
# Emergencies (§6): the on-call service works the whole zone and sees minors' identity; the
# municipalities' social services see what is handed over to them; the child-protection
# service sees every emergency with minors; the reports are figures only.
EMERGENCY_REPORTS = ["emergency.view_emergency_reports"]
EMERGENCY_OPERATE = [
    "emergency.view_emergency",
    "emergency.add_emergency",
    "emergency.change_emergency",
    "emergency.view_zone_emergencies",
    "emergency.view_minor_identity",
    "emergency.view_shelter",
    "emergency.view_placement",
    "emergency.add_placement",
    "emergency.change_placement",
    "emergency.view_oncallshift",
    "emergency.view_urgencycriterion",
] + EMERGENCY_REPORTS
EMERGENCY_HANDOVER = [
    "emergency.view_emergency",
    "emergency.acknowledge_handover",
    "emergency.view_shelter",
    "emergency.view_oncallshift",
]
EMERGENCY_ROTA = ["emergency.add_oncallshift", "emergency.change_oncallshift"]
EMERGENCY_CONFIGURE = [
    "emergency.view_shelter",
    "emergency.add_shelter",
    "emergency.change_shelter",
    "emergency.view_urgencycriterion",
    "emergency.add_urgencycriterion",
    "emergency.change_urgencycriterion",
]
# Planning, funds and the assembly (§9): figures, no personal data. The plan office plans and
# records the assembly; the assembly and its auditors read.
PLANNING_MODELS = (
    "plan", "planobjective", "planaction", "schedulequarter", "quantitativetarget",
    "pactcommitment", "allocation", "spending", "budgetline", "solidarityrule",
    "solidarityfigures", "meeting", "attendance", "agendaitem", "deliberation",
    "deliberationattachment", "vote", "fundsource", "managementspending", "fundmovement",
)  # fmt: skip
PLANNING_READ = [f"planning.view_{model}" for model in PLANNING_MODELS]
PLANNING_WRITE = (
    PLANNING_READ
    + [f"planning.{action}_{model}" for model in PLANNING_MODELS for action in ("add", "change")]
    + ["planning.override_allocation"]
)
# The third-sector network (§8): the plan office manages it and the assembly reads it
# (`view_zone_network`); a third-sector operator reads and writes only what their organisation
# is party to (network/scoping.py); the zone's social workers read the area services and the
# shared documents and confirm they read them.
NETWORK_VIEW = [
    f"network.view_{model}"
    for model in (
        "adhesion", "candidature", "workinggroup", "commitmentrecord", "agreement",
        "questionnaire",
    )
]  # fmt: skip
NETWORK_ZONE_READ = NETWORK_VIEW + ["network.view_zone_network"]
NETWORK_MANAGE = NETWORK_ZONE_READ + [
    "network.add_adhesion",
    "network.change_adhesion",
    "network.manage_network",
    "network.review_candidature",
    "network.add_commitmentrecord",
    "network.change_commitmentrecord",
]
NETWORK_THIRD_SECTOR = NETWORK_VIEW + [
    "network.add_adhesion",
    "network.change_adhesion",
    "network.add_candidature",
    "network.change_candidature",
    "network.add_commitmentrecord",
    "network.change_commitmentrecord",
    "network.add_questionnaireresponse",
]
# Zone staff also read the working groups they sit in (network/scoping.py: members only).
AREA_SERVICES = [
    "network.view_areaservice",
    "network.view_shareddocument",
    "network.view_workinggroup",
]
AREA_SERVICES_COORDINATE = AREA_SERVICES + [
    "network.coordinate_area_services",
    "network.add_shareddocument",
    "network.change_shareddocument",
]
# Providers, accreditation and vouchers (§7): the plan office configures, reviews, validates
# and pays (`view_zone_providers`); social workers issue vouchers from the cases they may see;
# a provider's operator (third-sector role) sees their own provider, applies for
# accreditation, records deliveries on the vouchers spent with them and sees the payments
# (providers/scoping.py).
PROVIDERS_READ = [
    f"providers.view_{model}"
    for model in ("provider", "accreditationscheme", "accreditationapplication", "voucherscheme")
]
VOUCHERS_READ = ["providers.view_voucher", "providers.view_delivery", "providers.view_payment"]
PROVIDERS_MANAGE = (
    PROVIDERS_READ
    + VOUCHERS_READ
    + [
        "providers.view_zone_providers",
        "providers.manage_providers",
        "providers.review_accreditation",
        "providers.validate_delivery",
        "providers.issue_voucher",
    ]
)
VOUCHERS_ISSUE = PROVIDERS_READ + VOUCHERS_READ + ["providers.issue_voucher"]
PROVIDER_OPERATOR = (
    PROVIDERS_READ
    + VOUCHERS_READ
    + [
        "providers.add_accreditationapplication",
        "providers.change_accreditationapplication",
        "providers.add_delivery",
    ]
)
# Monitoring (§10): figures only; the zone's for planners, administrators and auditors, the
# municipalities' for those who work in them.
REPORTS_ZONE = ["monitoring.view_zone_reports"]
REPORTS_MUNICIPALITY = ["monitoring.view_municipality_reports"]

# What the system administrator configures for every zone: users and roles, the catalogue's
# need areas and intervention types, the national measures, urgency criteria, fund sources.
CONFIGURATION = [
    f"{app}.{action}_{model}"
    for app, model in (
        ("core", "user"),
        ("auth", "group"),
        ("catalog", "needarea"),
        ("catalog", "interventiontype"),
        ("measures", "measure"),
        ("emergency", "urgencycriterion"),
        ("planning", "fundsource"),
    )
    for action in ("view", "add", "change")
]

DEFAULT_PERMISSIONS: dict[str, list[str]] = {
    Role.FRONT_OFFICE: TERRITORY_READ
    + REGISTRY_READ
    + REGISTRY_WRITE
    + ZONE_WIDE
    + CHARTER_READ
    + CONTACTS
    + REPORTS_MUNICIPALITY,
    Role.SOCIAL_WORKER: TERRITORY_READ
    + REGISTRY_READ
    + REGISTRY_WRITE
    + CHARTER_READ
    + CONTACTS
    + CASES_WORK
    + APPLICATIONS_READ
    + EMERGENCY_HANDOVER
    + AREA_SERVICES
    + VOUCHERS_ISSUE
    + REPORTS_MUNICIPALITY,
    Role.COORDINATOR: TERRITORY_READ
    + REGISTRY_READ
    + REGISTRY_WRITE
    + CHARTER_READ
    + CONTACTS
    + CASES_COORDINATE
    + APPLICATIONS_MANAGE
    + EMERGENCY_HANDOVER
    + EMERGENCY_ROTA
    + EMERGENCY_REPORTS
    + AREA_SERVICES_COORDINATE
    + VOUCHERS_ISSUE
    + REPORTS_MUNICIPALITY,
    Role.CPI_CONSULTANT: TERRITORY_READ + REGISTRY_READ + CHARTER_READ + CASES_MEMBER,
    # Third-sector operators and specialists see the persons of the cases they are members of,
    # through the case; they have no access to the registry.
    Role.THIRD_SECTOR: TERRITORY_READ + CASES_MEMBER + NETWORK_THIRD_SECTOR + PROVIDER_OPERATOR,
    Role.SPECIALIST: TERRITORY_READ + CASES_MEMBER + ["cases.view_health_sections"],
    Role.EMERGENCY: TERRITORY_READ
    + REGISTRY_READ
    + ["registry.add_person"]
    + ZONE_WIDE
    + EMERGENCY_OPERATE,
    # The child-protection service works the cases whose team it is in (the court orders,
    # placements and reports of every case of the zone are its own app's, protection/scoping.py).
    Role.CHILD_PROTECTION: TERRITORY_READ
    + REGISTRY_READ
    + ZONE_WIDE
    + CASES_MEMBER
    + [
        "emergency.view_emergency",
        "emergency.view_minor_emergencies",
        "emergency.view_minor_identity",
        "emergency.view_shelter",
    ]
    + AREA_SERVICES,
    Role.PLANNER: TERRITORY_READ
    + TERRITORY_WRITE
    + CHARTER_READ
    + CHARTER_WRITE
    + OBSERVATORY
    + EMERGENCY_REPORTS
    + PLANNING_WRITE
    + NETWORK_MANAGE
    + AREA_SERVICES
    + PROVIDERS_MANAGE
    + REPORTS_ZONE,
    Role.ASSEMBLY: TERRITORY_READ
    + OBSERVATORY
    + PLANNING_READ
    + NETWORK_ZONE_READ
    + PROVIDERS_READ
    + REPORTS_ZONE,
    Role.ZONE_ADMIN: TERRITORY_READ
    + TERRITORY_WRITE
    + CHARTER_READ
    + CHARTER_WRITE
    + CONTACTS
    + OBSERVATORY
    + REGISTRY_READ
    + REGISTRY_WRITE
    + ZONE_WIDE
    + AUDIT
    + CASES_COORDINATE
    + ["cases.view_zone_cases"]
    + PATHWAY_CONFIGURE
    + APPLICATIONS_MANAGE
    + EMERGENCY_CONFIGURE
    + EMERGENCY_ROTA
    + EMERGENCY_REPORTS
    + ["emergency.view_emergency", "emergency.view_zone_emergencies"]
    + PLANNING_WRITE
    + NETWORK_MANAGE
    + AREA_SERVICES_COORDINATE
    + PROVIDERS_MANAGE
    + REPORTS_ZONE
    + ["monitoring.export_pseudonymised"],
    # Configuration of every zone, never personal data (core/admin_mixins.py).
    Role.SYSTEM_ADMIN: TERRITORY_READ + TERRITORY_WRITE + ["territory.add_zone"] + CONFIGURATION,
}


# The apps of the registers and district services (issue 19) declare their own defaults, each in
# its `roles.py` (`DEFAULTS`: role -> permissions), merged here.
APP_DEFAULTS = ("rsa", "fostering", "assistants", "protection", "district")


def default_permissions(role: str) -> list[str]:
    """The role's defaults: the table above and every app's `roles.DEFAULTS`."""
    from importlib import import_module

    permissions = list(DEFAULT_PERMISSIONS[role])
    for app in APP_DEFAULTS:
        permissions += import_module(f"ambito.{app}.roles").DEFAULTS.get(role, [])
    return permissions


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def roles_sync() -> list[Group]:
    """Create the role groups that are missing and give every group its default permissions.

    Add-only: permissions an administrator added stay; a default that a new release brings
    (a new app's permissions) reaches existing groups at the next migrate. To take a default
    away from a role, change DEFAULT_PERMISSIONS."""
    groups = []
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.label)
        group.permissions.add(*[_permission(p) for p in default_permissions(role)])
        groups.append(group)
    return groups


def role_group(role: str) -> Group:
    return Group.objects.get(name=Role(role).label)
