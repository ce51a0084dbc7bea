"""Servizi distrettuali: API under /api/v1/servizi-distrettuali/, scoped as the pages."""

from ninja import Router

router = Router()
