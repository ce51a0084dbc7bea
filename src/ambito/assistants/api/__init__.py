"""Family assistants register: API under /api/v1/assistenti-familiari/, scoped as the pages."""

from ninja import Router

from . import register

router = Router()
router.add_router("", register.router)
