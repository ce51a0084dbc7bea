"""Reads of the service charter (DOMAIN §2 §7).

Operators read their zone's services in every state (`catalog.view_service`); the public reads
(`published_services`, `charter_search`, `public_service_get`) take a zone and only ever return
PUBLISHED services. The charter holds no personal data, so its reads are not access-logged."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet

from ambito.territory.models import AccessPoint, OpeningHours, Zone
from ambito.territory.selectors import opening_hours_summary

from .choices import ServiceStatus
from .models import NeedArea, Service

SEARCH_FIELDS = ("name", "short_description", "description", "target_groups")


def need_area_list() -> QuerySet[NeedArea]:
    return NeedArea.objects.all()


def zone_public_get(*, code: str) -> Zone:
    """The zone of a public charter page; raises Zone.DoesNotExist."""
    return Zone.objects.get(code=code)


def public_zones() -> QuerySet[Zone]:
    """Every zone with a public charter (each has one, even before publishing a service), by
    name, with how many services it publishes."""
    return Zone.objects.annotate(
        published_count=Count("services", filter=Q(services__status=ServiceStatus.PUBLISHED))
    ).order_by("name")


# --- operators -------------------------------------------------------------------------------


@dataclass
class ServiceFilters:
    need_area: NeedArea | None = None
    status: str | None = None
    text: str = ""


def service_list(*, user, filters: ServiceFilters | None = None) -> QuerySet[Service]:
    """The services of the user's zone, in every state; nothing without the permission."""
    filters = filters or ServiceFilters()
    qs = Service.objects.visible_to(user).select_related("provider", "intervention_type")
    if filters.need_area is not None:
        qs = qs.filter(need_areas=filters.need_area)
    if filters.status:
        qs = qs.filter(status=filters.status)
    text = (filters.text or "").strip()
    if text:
        qs = qs.filter(_icontains(text))
    return qs.prefetch_related("need_areas").order_by("name")


def service_get(*, user, uuid) -> Service:
    """One service of the user's zone; another zone's raises Service.DoesNotExist."""
    return _with_details(Service.objects.visible_to(user)).get(uuid=uuid)


def service_history(*, service: Service) -> list[dict]:
    """The saved versions of a service, newest first, with who, when and which fields changed."""
    records = list(service.history.select_related("history_user").order_by("-history_date"))
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is None:
            changed = []
        else:
            delta = record.diff_against(previous)
            changed = [
                Service._meta.get_field(change.field).verbose_name for change in delta.changes
            ]
        rows.append(
            {
                "record": record,
                "user": record.history_user,
                "date": record.history_date,
                "kind": {"+": "creazione", "~": "modifica", "-": "eliminazione"}.get(
                    record.history_type, record.history_type
                ),
                "changed": changed,
            }
        )
    return rows


# --- public ----------------------------------------------------------------------------------


def _with_details(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.select_related("provider", "intervention_type", "zone").prefetch_related(
        "need_areas",
        "municipalities",
        Prefetch(
            "access_points",
            queryset=AccessPoint.objects.select_related("municipality").prefetch_related(
                Prefetch(
                    "opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
                )
            ),
        ),
    )


def with_hours(access_points) -> list[AccessPoint]:
    """Access points with `hours_summary` ("lun 9:00-12:30; ...")."""
    result = []
    for access_point in access_points:
        access_point.hours_summary = opening_hours_summary(list(access_point.opening_hours.all()))
        result.append(access_point)
    return result


def published_services(zone: Zone) -> QuerySet[Service]:
    return _with_details(
        Service.objects.filter(zone=zone, status=ServiceStatus.PUBLISHED)
    ).order_by("name")


def public_service_get(*, zone: Zone, slug: str) -> Service:
    """A published service of the zone; drafts and withdrawn ones raise Service.DoesNotExist."""
    return published_services(zone).get(slug=slug)


def public_access_points(zone: Zone) -> list[AccessPoint]:
    """The zone's access points (active or not yet ended) with their opening hours."""
    from django.utils import timezone

    today = timezone.localdate()
    qs = (
        AccessPoint.objects.filter(zone=zone)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("municipality")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens"))
        )
        .order_by("municipality__name", "kind", "name")
    )
    return with_hours(qs)


def _icontains(text: str) -> Q:
    condition = Q()
    for word in text.split()[:8]:
        word_q = Q()
        for field in SEARCH_FIELDS:
            word_q |= Q(**{f"{field}__icontains": word})
        condition &= word_q
    return condition


def charter_search(
    *, zone: Zone, text: str, need_area: NeedArea | None = None
) -> QuerySet[Service]:
    """Published services of the zone matching the citizen's words.

    PostgreSQL: full-text search with the built-in `italian` configuration (stemming: "anziano"
    finds "anziani"), name weighted above descriptions, ranked. SQLite: every word must occur
    (case-insensitive) in one of the same fields, ordered by name."""
    qs = Service.objects.filter(zone=zone, status=ServiceStatus.PUBLISHED)
    if need_area is not None:
        qs = qs.filter(need_areas=need_area)
    text = (text or "").strip()[:200]
    if not text:
        return qs.select_related("provider").prefetch_related("need_areas").order_by("name")
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("name", weight="A", config="italian")
            + SearchVector("short_description", weight="B", config="italian")
            + SearchVector("target_groups", weight="B", config="italian")
            + SearchVector("description", weight="C", config="italian")
        )
        query = SearchQuery(text, search_type="websearch", config="italian")
        qs = (
            qs.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by(F("rank").desc(), "name")
        )
    else:
        qs = qs.filter(_icontains(text)).order_by("name")
    return qs.select_related("provider").prefetch_related("need_areas")
