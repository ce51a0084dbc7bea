"""The REST API: django-ninja under /api/v1/, docs at /api/v1/docs.

Authentication: the browser session (with CSRF) or a personal token
(`Authorization: Bearer <token>`). Every router applies the same scoping and audit as the
pages, through the apps' selectors and services.

Conventions (tests/core/test_openapi.py checks them):

- Paths: plural English nouns in kebab-case, `{uuid}` for one object, a verb for an action
  (`/cases/{uuid}/close`). The records of the territory, the registry, the contacts, the cases
  and the applications sit at the root (`/zones`, `/persons`, `/contacts`, `/cases`,
  `/applications/...`); the apps that group many resources under one area use the area's
  prefix for all of them: `/charter/...` (service charter: services of every state, need
  areas, intervention types, orientation, the HSDS export), `/emergency/...`, `/planning/...`,
  `/monitoring/...`, `/observatory`. One path per resource: the published services are
  `/charter/services?status=published`, not a second list.
- Operation ids: `<app>_<verb>_<thing>` (`registry_list_persons`, `cases_close_case`), from the
  view function's name (`list_persons`) and its app: see `AmbitoAPI.get_openapi_operation_id`.
- Lists: one envelope `{"count", "next", "items"}` with `limit`/`offset`
  (core/api_pagination.py). Amounts: strings with two decimals (core/api_schemas.Money).
- Errors: one envelope `{"detail": ...}` in Italian (core/api_errors.py); every operation
  declares 400, 401, 403, 404, 422 and 500 (core/api_schemas.ERRORS)."""

from ninja import NinjaAPI

from ambito.access.api import router as access_router
from ambito.access.observatory_api import router as observatory_router
from ambito.assistants.api import router as assistants_router
from ambito.cases.api import router as cases_router
from ambito.catalog.api import router as catalog_router
from ambito.catalog.operator_api import router as catalog_operator_router
from ambito.core.api_auth import SessionOrToken
from ambito.core.api_errors import install_error_handlers
from ambito.district.api import router as district_router
from ambito.emergency.api import router as emergency_router
from ambito.fostering.api import router as fostering_router
from ambito.jobs.api import router as jobs_router
from ambito.measures.api import router as measures_router
from ambito.monitoring.api import router as monitoring_router
from ambito.network.api import router as network_router
from ambito.planning.api import router as planning_router
from ambito.protection.api import router as protection_router
from ambito.providers.api import router as providers_router
from ambito.registry.api import router as registry_router
from ambito.rsa.api import router as rsa_router
from ambito.territory.api import router as territory_router


class AmbitoAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """`<app>_<function>`: the view functions are named `<verb>_<thing>`."""
        module = operation.view_func.__module__  # ambito.<app>.api, ambito.catalog.operator_api
        app = module.split(".")[1]
        return f"{app}_{operation.view_func.__name__}"


api = AmbitoAPI(
    title="Ambito API",
    version="1",
    description="API del sistema informativo dell'ambito sociale. Autenticazione: sessione o "
    "token personale (Authorization: Bearer …). Gli elenchi sono a pagine (limit, offset); "
    'gli importi sono testi con due decimali; gli errori hanno la forma {"detail": …}.',
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
api.add_router("/", network_router)
api.add_router("/", providers_router)
api.add_router("/rsa", rsa_router)
api.add_router("/affido", fostering_router)
api.add_router("/assistenti-familiari", assistants_router)
api.add_router("/tutela-minori", protection_router)
api.add_router("/servizi-distrettuali", district_router)
api.add_router("/", monitoring_router)
api.add_router("/", jobs_router)
