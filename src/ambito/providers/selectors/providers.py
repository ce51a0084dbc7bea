"""Reads of the provider register: the providers the user may see (the plan office: the
zone's; an operator: their own), one provider with its services, structures and
accreditations."""

from __future__ import annotations

from django.db.models import Count

from ..models import AccreditationApplication, Provider, ProviderStructure


def providers_for(*, user, mode: str = "", service=None, active: bool | None = None):
    rows = (
        Provider.objects.visible_to(user)
        .select_related("organisation__municipality")
        .annotate(structure_count=Count("structures", distinct=True))
    )
    if mode:
        rows = rows.filter(mode=mode)
    if service is not None:
        rows = rows.filter(services=service)
    if active is not None:
        rows = rows.filter(active=active)
    return rows.order_by("organisation__name", "mode", "pk")


def provider_for(*, user, uuid):
    return (
        Provider.objects.visible_to(user)
        .select_related("organisation__municipality")
        .filter(uuid=uuid)
        .first()
    )


def structures(provider):
    return list(
        ProviderStructure.objects.filter(provider=provider)
        .select_related("municipality")
        .order_by("name", "pk")
    )


def accreditations(provider):
    """Every application of the provider with its scheme, state and validity, newest first."""
    return list(
        AccreditationApplication.objects.filter(provider=provider)
        .select_related("scheme")
        .order_by("-created_at", "-pk")
    )
