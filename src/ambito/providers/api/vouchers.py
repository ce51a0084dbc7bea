"""API of the vouchers (filled by the vouchers slice)."""

from ninja import Router

router = Router(tags=["Erogatori e titoli sociali"])
