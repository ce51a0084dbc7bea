"""API of the deliveries (filled by the deliveries slice)."""

from ninja import Router

router = Router(tags=["Erogatori e titoli sociali"])
