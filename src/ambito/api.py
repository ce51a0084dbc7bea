"""The REST API: django-ninja under /api/v1/, docs at /api/v1/docs.

Authentication: the browser session (with CSRF) or a personal token
(`Authorization: Bearer <token>`). Every router applies the same scoping and audit as the
pages, through the apps' selectors and services."""

from ninja import NinjaAPI

from ambito.access.api import router as access_router
from ambito.access.observatory_api import router as observatory_router
from ambito.cases.api import router as cases_router
from ambito.catalog.api import router as catalog_router
from ambito.catalog.operator_api import router as catalog_operator_router
from ambito.core.api_auth import SessionOrToken
from ambito.core.api_errors import install_error_handlers
from ambito.emergency.api import router as emergency_router
from ambito.measures.api import router as measures_router
from ambito.monitoring.api import router as monitoring_router
from ambito.planning.api import router as planning_router
from ambito.registry.api import router as registry_router
from ambito.territory.api import router as territory_router

api = NinjaAPI(
    title="Ambito API",
    version="1",
    description="API del sistema informativo dell'ambito sociale. Autenticazione: sessione o "
    "token personale (Authorization: Bearer …).",
    auth=SessionOrToken(),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", territory_router)
api.add_router("/", registry_router)
api.add_router("/", catalog_router)
api.add_router("/", catalog_operator_router)
api.add_router("/", access_router)
api.add_router("/", observatory_router)
api.add_router("/", cases_router)
api.add_router("/", measures_router)
api.add_router("/", emergency_router)
api.add_router("/", planning_router)
api.add_router("/", monitoring_router)
