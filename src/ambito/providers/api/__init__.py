"""§7 API under /api/v1/erogatori/: one router per concept, scoped as the pages."""

from ninja import Router

from . import accreditation, deliveries, portal, providers, reports, vouchers

router = Router()
for module in (providers, accreditation, vouchers, deliveries, portal, reports):
    router.add_router("/erogatori", module.router)
