"""API of the accreditation (filled by the accreditation slice)."""

from ninja import Router

router = Router(tags=["Erogatori e titoli sociali"])
