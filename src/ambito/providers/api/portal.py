"""API of the portal (filled by the portal slice)."""

from ninja import Router

router = Router(tags=["Erogatori e titoli sociali"])
