"""Tutela minori e Autorità giudiziaria: API under /api/v1/tutela-minori/, scoped as the pages."""

from ninja import Router

router = Router()
