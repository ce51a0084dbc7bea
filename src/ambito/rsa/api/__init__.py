"""Liste d'attesa RSA: API under /api/v1/rsa/, scoped as the pages."""

from ninja import Router

router = Router()
