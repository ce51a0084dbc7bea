"""§8 API under /api/v1/rete/: one router per concept, scoped as the pages."""

from ninja import Router

from . import agreements, coordination, groups, pact, questionnaires, reports

router = Router()
for module in (pact, groups, agreements, questionnaires, coordination, reports):
    router.add_router("/rete", module.router)
