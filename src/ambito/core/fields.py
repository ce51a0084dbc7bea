"""Model fields every app declares the same way."""

from django.db import models


def money(label: str, **kwargs) -> models.DecimalField:
    """Euros: Decimal(14, 2). The models add their own "never < 0" constraints."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)


def zone_field() -> models.ForeignKey:
    """The zone a row belongs to (core/scoping.py reads it): never deleted under its rows."""
    return models.ForeignKey(
        "territory.Zone", on_delete=models.PROTECT, related_name="+", verbose_name="ambito"
    )


def user_field(related_name: str = "+", **kwargs) -> models.ForeignKey:
    """A user who did something to the row (recorded by, signed by): kept while the row is."""
    from django.conf import settings

    return models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name=related_name, **kwargs
    )
