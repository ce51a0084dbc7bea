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
