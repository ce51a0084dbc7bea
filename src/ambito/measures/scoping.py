"""Who may see which applications (DOMAIN §5, §11 need-to-know).

An application names its applicant, status and rejection reason: personal data. Reading needs
`measures.view_application`; another zone's applications do not exist; whoever reads the
whole zone's registry (`registry.view_zone_persons`: front office, zone administrators) sees
the whole zone's applications, everyone else those of the municipalities they serve (a
coordinator of municipality A never sees, nor follows up, an application of B). Declared with
the core layer (core/scoping.py).
"""

from ambito.core.scoping import Grant, ScopedQuerySet, Scoping, served_municipalities, whole_zone

APPLICATION_SCOPING = Scoping(
    read="measures.view_application",
    grants=(
        Grant("registry.view_zone_persons", whole_zone),
        Grant(None, served_municipalities("municipality")),
    ),
)
# An import is the zone's, seen by whoever imports.
IMPORT_BATCH_SCOPING = Scoping(read="measures.import_applications")


class ApplicationQuerySet(ScopedQuerySet):
    pass
