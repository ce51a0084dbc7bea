"""Family assistants register: API under /api/v1/assistenti-familiari/, scoped as the pages."""

from ninja import Router

router = Router()
