from django.contrib import admin
from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("ambito.ops.urls")),
    path("", include("ambito.core.urls")),
    path("lavori/", include("ambito.jobs.urls")),
    path("territorio/", include("ambito.territory.urls")),
    path("anagrafe/", include("ambito.registry.urls")),
    path("servizi/", include("ambito.catalog.urls")),
    path("accessi/", include("ambito.access.urls")),
    path("osservatorio/", include("ambito.access.urls_observatory")),
    path("cartelle/", include("ambito.cases.urls")),
    path("domande/", include("ambito.measures.urls")),
    path("emergenze/", include("ambito.emergency.urls")),
    path("programmazione/", include("ambito.planning.urls")),
    path("rete/", include("ambito.network.urls")),
    path("erogatori/", include("ambito.providers.urls")),
    path("rsa/", include("ambito.rsa.urls")),
    path("affido/", include("ambito.fostering.urls")),
    path("assistenti-familiari/", include("ambito.assistants.urls")),
    path("tutela-minori/", include("ambito.protection.urls")),
    path("servizi-distrettuali/", include("ambito.district.urls")),
    path("monitoraggio/", include("ambito.monitoring.urls")),
    # Public pages, no login: the service charter and the citizens' request form.
    path("carta/", include("ambito.catalog.public_urls")),
    path("carta/", include("ambito.access.public_urls")),
    path("carta/", include("ambito.network.public_urls")),
    path("carta/", include("ambito.providers.public_urls")),
    path("carta/", include("ambito.assistants.public_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "ambito.core.views.not_found"
handler500 = "ambito.core.views.server_error"
handler403 = "ambito.core.views.forbidden"
