"""Reads of accreditation. `accreditation_on` is the one answer to "is this provider
accredited for this scheme on this day" (vouchers and deliveries ask it)."""

from __future__ import annotations

import datetime as dt

from ..choices import ApplicationState
from ..models import AccreditationApplication, Provider


def accreditation_on(provider: Provider, scheme, on: dt.date) -> AccreditationApplication | None:
    """The provider's accreditation under `scheme` in force on `on` (accredited, not suspended
    nor revoked, the day inside its validity), or None."""
    return (
        AccreditationApplication.objects.filter(
            provider=provider,
            scheme=scheme,
            state=ApplicationState.ACCREDITED,
            valid_from__lte=on,
            valid_until__gte=on,
        )
        .order_by("-valid_until")
        .first()
    )


def accredited_providers(scheme, on: dt.date):
    """The zone's active providers accredited under `scheme` on `on`, by name."""
    applications = AccreditationApplication.objects.filter(
        scheme=scheme,
        state=ApplicationState.ACCREDITED,
        valid_from__lte=on,
        valid_until__gte=on,
    )
    return (
        Provider.objects.filter(active=True, pk__in=applications.values("provider_id"))
        .select_related("organisation")
        .order_by("organisation__name")
    )


# --- the pages' and the API's reads ----------------------------------------------------------

EXPIRY_WARNING_DAYS = 60


def accreditations_expiring(zone_id: int, within_days: int = EXPIRY_WARNING_DAYS, today=None):
    """The zone's accreditations in force whose validity ends within `within_days` days (the
    expiry warnings), the soonest first."""
    from django.utils import timezone

    today = today or timezone.localdate()
    return (
        AccreditationApplication.objects.filter(
            zone_id=zone_id,
            state=ApplicationState.ACCREDITED,
            valid_from__lte=today,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=within_days),
        )
        .select_related("scheme", "provider__organisation")
        .order_by("valid_until", "pk")
    )


def schemes_for(*, user, active: bool | None = None):
    from ..models import AccreditationScheme

    rows = AccreditationScheme.objects.visible_to(user).select_related("service")
    if active is not None:
        rows = rows.filter(active=active)
    return rows.order_by("title", "pk")


def scheme_for(*, user, uuid):
    from ..models import AccreditationScheme

    return (
        AccreditationScheme.objects.visible_to(user)
        .select_related("service")
        .filter(uuid=uuid)
        .first()
    )


def applications_for(*, user, state: str = "", scheme=None, provider=None):
    """The applications the user may read (the plan office: the zone's; an operator: their
    provider's), newest first."""
    rows = AccreditationApplication.objects.visible_to(user).select_related(
        "scheme", "provider__organisation", "renews"
    )
    if state:
        rows = rows.filter(state=state)
    if scheme is not None:
        rows = rows.filter(scheme=scheme)
    if provider is not None:
        rows = rows.filter(provider=provider)
    return rows.order_by("-created_at", "-pk")


def application_for(*, user, uuid):
    return (
        AccreditationApplication.objects.visible_to(user)
        .select_related("scheme__service", "provider__organisation", "renews", "created_by")
        .filter(uuid=uuid)
        .first()
    )


def checklist(application):
    """The application's requirements with the evidence, in the scheme's order."""
    from ..models import RequirementEvidence

    return list(
        RequirementEvidence.objects.filter(application=application)
        .select_related("requirement", "reviewed_by")
        .order_by("requirement__position")
    )


def history(application):
    from ..models import ApplicationTransition

    return list(
        ApplicationTransition.objects.filter(application=application)
        .select_related("actor")
        .order_by("at", "pk")
    )


def renewal_of(application):
    return AccreditationApplication.objects.filter(renews=application).first()


def applications_by_state(scheme) -> list[tuple[str, str, int]]:
    """(state, label, count) of the scheme's applications, every state in the table's order."""
    from django.db.models import Count

    counts = dict(
        AccreditationApplication.objects.filter(scheme=scheme)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [(state, label, counts.get(state, 0)) for state, label in ApplicationState.choices]


def accredited_today(scheme, on: dt.date | None = None):
    """The scheme's accreditations in force on `on` (today), by provider name."""
    from django.utils import timezone

    on = on or timezone.localdate()
    return (
        AccreditationApplication.objects.filter(
            scheme=scheme,
            state=ApplicationState.ACCREDITED,
            valid_from__lte=on,
            valid_until__gte=on,
            provider__active=True,
        )
        .select_related("provider__organisation")
        .order_by("provider__organisation__name", "pk")
    )


def public_accredited(zone, on: dt.date | None = None) -> list[dict]:
    """The public charter's list: per published service of the zone, the providers accredited
    on `on` (organisation, its municipality, the structures, valid until). Suspended, revoked
    and expired accreditations never appear. Organisation names only, never a person."""
    from django.db.models import Prefetch
    from django.utils import timezone

    from ..models import ProviderStructure

    on = on or timezone.localdate()
    rows = (
        AccreditationApplication.objects.filter(
            zone=zone,
            state=ApplicationState.ACCREDITED,
            valid_from__lte=on,
            valid_until__gte=on,
            provider__active=True,
            scheme__service__status="published",
        )
        .select_related("scheme__service", "provider__organisation__municipality")
        .prefetch_related(
            Prefetch(
                "provider__structures",
                queryset=ProviderStructure.objects.select_related("municipality").order_by("name"),
            )
        )
        .order_by("scheme__service__name", "provider__organisation__name", "-valid_until")
    )
    services: dict[int, dict] = {}
    for application in rows:
        service = application.scheme.service
        entry = services.setdefault(service.pk, {"service": service, "providers": {}})
        provider = application.provider
        # One line per provider and service (the longest validity among its schemes).
        if provider.pk not in entry["providers"]:
            entry["providers"][provider.pk] = {
                "name": provider.organisation.name,
                "municipality": provider.organisation.municipality.name
                if provider.organisation.municipality_id
                else "",
                "structures": list(provider.structures.all()),
                "valid_until": application.valid_until,
            }
    return [
        {"service": entry["service"], "providers": list(entry["providers"].values())}
        for entry in services.values()
    ]
