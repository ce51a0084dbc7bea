"""Tutela minori e Autorità giudiziaria: API under /api/v1/tutela-minori/, scoped as the pages."""

from ninja import Router

from . import orders

router = Router()
router.add_router("", orders.router)
