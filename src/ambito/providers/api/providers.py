"""API of the providers (filled by the providers slice)."""

from ninja import Router

router = Router(tags=["Erogatori e titoli sociali"])
