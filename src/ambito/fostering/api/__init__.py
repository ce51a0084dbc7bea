"""Affido familiare: API under /api/v1/affido/, scoped as the pages."""

from ninja import Router

router = Router()
