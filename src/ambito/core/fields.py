"""Model fields every app declares the same way."""

from django.db import models


def money(label: str, **kwargs) -> models.DecimalField:
    """Euros: Decimal(14, 2). The models add their own "never < 0" constraints."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, **kwargs)
