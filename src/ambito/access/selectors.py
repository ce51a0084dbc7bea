"""Reads of contacts at access points (§2), scoped and logged.

Who sees what:
- a user sees contacts of their own zone only, and only with `access.view_contact`;
- a contact of an identified person only if that person is visible to them in the registry
  (`Person.objects.visible_to`): a social worker of municipality B does not see the
  contacts of a resident of municipality A;
- anonymous contacts and web requests (not yet identified) of the zone are visible to every
  zone user with `access.view_contact`.
Reading contacts that carry personal data (a person, or a requester's name) is logged."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from ambito.catalog.choices import ServiceStatus
from ambito.catalog.models import Service
from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.permissions import allowed, works_in_zone
from ambito.registry.models import Person
from ambito.territory.models import AccessPoint, Municipality

from .choices import ContactStatus
from .models import Contact


def _with_relations(qs: QuerySet[Contact]) -> QuerySet[Contact]:
    return qs.select_related(
        "access_point", "municipality", "person", "referral_service", "referral_organisation"
    ).prefetch_related("need_areas")


def _log_personal(user, contacts: list[Contact], kind: str) -> None:
    personal = [c for c in contacts if c.person_id or c.requester_name]
    if not personal:
        return
    persons = {c.person_id: c.person for c in personal if c.person_id}
    log_access(
        user=user,
        action=AccessAction.VIEW,
        object_type="access.contact",
        persons=list(persons.values()),
        detail={"kind": kind, "contacts": [str(c.uuid) for c in personal]},
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end of a day in the project's time zone (Europe/Rome)."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def access_points_for(user) -> QuerySet[AccessPoint]:
    """The access points of the user's zone active today, to record contacts at."""
    if not works_in_zone(user):
        return AccessPoint.objects.none()
    today = timezone.localdate()
    return (
        AccessPoint.objects.filter(zone_id=user.zone_id)
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=today))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("municipality")
    )


def public_access_points(zone) -> QuerySet[AccessPoint]:
    today = timezone.localdate()
    return (
        AccessPoint.objects.filter(zone=zone)
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=today))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .select_related("municipality")
    )


def public_access_points_of(zone, municipality) -> tuple[QuerySet[AccessPoint], bool]:
    """The access points a citizen of `municipality` may ask to be called back from: those in
    the municipality, or every point of the zone when it has none of its own (the second
    value says so)."""
    points = public_access_points(zone)
    own = points.filter(municipality=municipality)
    if own.exists():
        return own, False
    return points, True


def zone_municipalities(zone_id) -> QuerySet[Municipality]:
    return Municipality.objects.filter(zone_id=zone_id).order_by("name")


def published_services(zone_id) -> QuerySet[Service]:
    return Service.objects.filter(zone_id=zone_id, status=ServiceStatus.PUBLISHED).order_by("name")


def access_point_get(*, user, uuid) -> AccessPoint:
    """An access point of the user's zone. Raises AccessPoint.DoesNotExist."""
    if not allowed(user, "access.view_contact"):
        raise AccessPoint.DoesNotExist
    return AccessPoint.objects.select_related("municipality").get(zone_id=user.zone_id, uuid=uuid)


def contact_list_for_access_point(*, user, access_point: AccessPoint, day: date) -> list[Contact]:
    """The contacts of one access point on one day, in order of time (the daily list)."""
    start, end = day_bounds(day)
    contacts = list(
        _with_relations(
            Contact.objects.visible_to(user).filter(
                access_point=access_point, started_at__gte=start, started_at__lt=end
            )
        ).order_by("started_at", "pk")
    )
    _log_personal(user, contacts, "daily_list")
    return contacts


def callback_queue(*, user, access_point: AccessPoint | None = None) -> list[Contact]:
    """Web requests waiting to be called back, oldest first."""
    qs = Contact.objects.visible_to(user).filter(status=ContactStatus.TO_CALL_BACK)
    if access_point is not None:
        qs = qs.filter(access_point=access_point)
    contacts = list(_with_relations(qs).order_by("started_at", "pk"))
    _log_personal(user, contacts, "callback_queue")
    return contacts


def callback_queue_count(*, user, access_point: AccessPoint | None = None) -> int:
    """How many requests wait (no personal data read, nothing logged)."""
    qs = Contact.objects.visible_to(user).filter(status=ContactStatus.TO_CALL_BACK)
    if access_point is not None:
        qs = qs.filter(access_point=access_point)
    return qs.count()


def callback_get(*, user, uuid) -> Contact:
    """One request waiting to be called back, for writing. Raises Contact.DoesNotExist."""
    return Contact.objects.visible_to(user).get(uuid=uuid, status=ContactStatus.TO_CALL_BACK)


def contacts_of_person(*, user, person: Person) -> list[Contact]:
    """The contacts of a person the user may see, newest first (shown on the person page)."""
    contacts = list(
        _with_relations(Contact.objects.visible_to(user).filter(person=person)).order_by(
            "-started_at", "-pk"
        )
    )
    if contacts:
        log_access(
            user=user,
            object_type="access.contact",
            person=person,
            detail={"kind": "person_contacts", "contacts": [str(c.uuid) for c in contacts]},
        )
    return contacts


def contact_get(*, user, uuid) -> Contact:
    """One contact the user may see (to correct or cancel it). Raises Contact.DoesNotExist.
    A contact of an identified person is a read of their data: logged."""
    contact = _with_relations(Contact.objects.visible_to(user)).get(uuid=uuid)
    _log_personal(user, [contact], "contact")
    return contact
