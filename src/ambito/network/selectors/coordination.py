"""Reads of the area services' coordination: the zone's area services with their members, the
coordinator's overview (figures only), the shared documents with their current version and
who read it. Every read goes through `visible_to(user)`: another zone's rows do not exist."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from ambito.core.choices import Role
from ambito.core.memberships import zone_users
from ambito.core.permissions import allowed, require

from ..models import AreaService, AreaServiceMember, DocumentVersion, ReadReceipt, SharedDocument
from ..services.coordination import COORDINATE, NOT_COORDINATOR

# --- area services ---------------------------------------------------------------------------


def _active_members():
    return AreaServiceMember.objects.filter(left_on__isnull=True).select_related("user")


def area_services(*, user):
    """The zone's area services, each with its coordinator and its active members
    (`service.active_members`)."""
    return (
        AreaService.objects.visible_to(user)
        .select_related("coordinator")
        .prefetch_related(Prefetch("members", queryset=_active_members(), to_attr="active_members"))
        .order_by("name")
    )


def area_service_get(*, user, uuid) -> AreaService:
    """Raises AreaService.DoesNotExist outside the user's scope."""
    return area_services(user=user).get(uuid=uuid)


def area_service_page(*, user, service: AreaService) -> dict:
    members = list(
        service.members.select_related("user").order_by(
            "left_on", "user__last_name", "user__first_name", "joined_on"
        )
    )
    return {
        "service": service,
        "members": [m for m in members if m.left_on is None],
        "former_members": [m for m in members if m.left_on is not None],
        "documents": documents(user=user, area_service=service),
        "can_coordinate": allowed(user, COORDINATE),
    }


def member_get(*, user, service: AreaService, pk) -> AreaServiceMember:
    """A member of a visible service; raises AreaServiceMember.DoesNotExist."""
    return (
        AreaServiceMember.objects.visible_to(user)
        .select_related("service")
        .get(service=service, pk=pk)
    )


def assignable_users(*, service: AreaService | None = None, user=None):
    """Who may join the service (or coordinate a new one): the active accounts of the
    service's zone, or of the zone the user works in."""
    zone_id = service.zone_id if service is not None else user.zone_id
    return (
        zone_users(zone_id).filter(is_active=True).order_by("last_name", "first_name", "username")
    )


# --- the coordinator's overview (figures only) -----------------------------------------------


@dataclass
class ServiceFigures:
    service: AreaService
    workers: int
    loads: list[int]  # open cases per active member, largest first: no names
    open_cases: int  # distinct open cases with at least one active member in the team

    @property
    def max_load(self) -> int:
        return max(self.loads, default=0)

    @property
    def mean_load(self) -> float | None:
        return sum(self.loads) / len(self.loads) if self.loads else None


@dataclass
class Overview:
    services: list[ServiceFigures] = field(default_factory=list)
    workers: int = 0  # distinct active members across the services
    open_cases: int = 0  # distinct open cases across the services
    my_cases: list = field(default_factory=list)  # the coordinator's own team's open cases


def area_overview(*, user) -> Overview:
    """Per area service, its active members and the number of open cases each one holds as
    case manager or active team member, with totals. Figures only: no names, no case numbers,
    except the open cases whose team the coordinator is in (they may see them anyway)."""
    require(user, COORDINATE, message=NOT_COORDINATOR)
    from ambito.cases.models import Case, CaseMember
    from ambito.cases.selectors import open_cases_by_worker
    from ambito.cases.workflow import CaseStatus

    services = list(area_services(user=user))
    user_ids = {m.user_id for s in services for m in s.active_members}
    loads = open_cases_by_worker(zone_id=user.zone_id, user_ids=user_ids)
    overview = Overview(workers=len(user_ids))
    every_case: set[int] = set()
    for service in services:
        cases: set[int] = set()
        counts = []
        for member in service.active_members:
            held = loads.get(member.user_id, set())
            counts.append(len(held))
            cases |= held
        every_case |= cases
        overview.services.append(
            ServiceFigures(
                service=service,
                workers=len(counts),
                loads=sorted(counts, reverse=True),
                open_cases=len(cases),
            )
        )
    overview.open_cases = len(every_case)
    mine = CaseMember.objects.filter(user=user, removed_at__isnull=True).values("case_id")
    overview.my_cases = list(
        Case.objects.visible_to(user)
        .filter(Q(case_manager=user) | Q(pk__in=mine))
        .exclude(status=CaseStatus.CLOSED)
        .only("uuid", "number", "status")
        .order_by("number")
    )
    return overview


# --- shared documents ------------------------------------------------------------------------


def zone_social_workers(zone_id: int):
    """The active accounts working in the zone as social workers (by their first membership
    or another one): the "M" of "read by N of M"."""
    label = Role(Role.SOCIAL_WORKER).label
    return (
        zone_users(zone_id)
        .filter(is_active=True)
        .filter(
            Q(zone_id=zone_id, groups__name=label)
            | Q(
                memberships__zone_id=zone_id,
                memberships__active=True,
                memberships__roles__name=label,
            )
        )
        .distinct()
    )


def _current_version():
    return DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")


def _documents(user):
    return (
        SharedDocument.objects.visible_to(user)
        .select_related("area_service")
        .annotate(
            current_version_id=Subquery(_current_version().values("pk")[:1]),
            current_number=Subquery(_current_version().values("number")[:1]),
        )
        .annotate(
            read_by_me=Exists(
                ReadReceipt.objects.filter(version_id=OuterRef("current_version_id"), user=user)
            )
        )
    )


def documents(
    *,
    user,
    kind: str | None = None,
    area_service: AreaService | None = None,
    unread: bool = False,
    archived: bool = False,
):
    """The shared documents the user sees, newest first, each annotated with its current
    version (`current_version_id`, `current_number`) and `read_by_me` (the user confirmed the
    current version). Archived ones only with `archived`."""
    rows = _documents(user)
    rows = rows.filter(archived_on__isnull=not archived)
    if kind:
        rows = rows.filter(kind=kind)
    if area_service is not None:
        rows = rows.filter(area_service=area_service)
    if unread:
        rows = rows.filter(read_by_me=False)
    return rows.order_by("-created_at", "-pk")


def unread_documents(*, user):
    """The documents whose current version the user has not confirmed reading."""
    return documents(user=user, unread=True)


@dataclass
class Readership:
    read: int
    of: int


def readership(*, zone_id: int, version_ids) -> tuple[dict[int, int], int]:
    """(read by how many of the zone's social workers, per version id; how many they are)."""
    from django.db.models import Count

    workers = zone_social_workers(zone_id)
    total = workers.count()
    counts = dict(
        ReadReceipt.objects.filter(version_id__in=list(version_ids), user__in=workers.values("pk"))
        .values("version_id")
        .annotate(n=Count("user", distinct=True))
        .values_list("version_id", "n")
    )
    return counts, total


def with_readership(rows) -> list:
    """The documents of a page, each with `readers` ("read by N of M") for its current
    version. Two queries whatever the page."""
    rows = list(rows)
    if not rows:
        return rows
    counts, total = readership(
        zone_id=rows[0].zone_id, version_ids=[r.current_version_id for r in rows]
    )
    for row in rows:
        row.readers = Readership(read=counts.get(row.current_version_id, 0), of=total)
    return rows


def document_get(*, user, uuid) -> SharedDocument:
    """A visible document (archived too); raises SharedDocument.DoesNotExist."""
    return _documents(user).get(uuid=uuid)


def may_see_receipts(user, document: SharedDocument) -> bool:
    """Who read a version, and when: the coordinators and the document's author; anyone
    else sees only their own receipt."""
    return allowed(user, COORDINATE) or document.created_by_id == user.pk


def document_page(*, user, document: SharedDocument) -> dict:
    versions = list(document.versions.select_related("uploaded_by").order_by("-number"))
    everyone = may_see_receipts(user, document)
    receipts = ReadReceipt.objects.filter(version__in=versions).select_related("user")
    if not everyone:
        receipts = receipts.filter(user=user)
    by_version: dict[int, list] = {v.pk: [] for v in versions}
    for receipt in receipts.order_by("read_at", "pk"):
        by_version[receipt.version_id].append(receipt)
    for version in versions:
        version.shown_receipts = by_version[version.pk]
        version.read_by_me = any(r.user_id == user.pk for r in by_version[version.pk])
    current = versions[0] if versions else None
    counts, total = readership(zone_id=document.zone_id, version_ids=[v.pk for v in versions])
    for version in versions:
        version.readers = Readership(read=counts.get(version.pk, 0), of=total)
    return {
        "document": document,
        "versions": versions,
        "current": current,
        "all_receipts": everyone,
        "read_current": bool(current and current.read_by_me),
    }


def version_get(*, user, uuid) -> DocumentVersion:
    """A version of a visible document; raises DocumentVersion.DoesNotExist."""
    return DocumentVersion.objects.visible_to(user).select_related("document").get(uuid=uuid)


def receipts_of(*, user, version: DocumentVersion):
    """Who read the version and when (coordinators and author); the user's own receipt for
    anyone else."""
    rows = version.receipts.select_related("user").order_by("read_at", "pk")
    if not may_see_receipts(user, version.document):
        rows = rows.filter(user=user)
    return rows
