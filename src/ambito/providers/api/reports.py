"""API of the reports (filled by the reports slice)."""

from ninja import Router

router = Router(tags=["Erogatori e titoli sociali"])
