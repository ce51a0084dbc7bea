"""The network's pages under /rete/. Each concept keeps its routes in its own module."""

from . import (
    urls_agreements,
    urls_coordination,
    urls_groups,
    urls_pact,
    urls_questionnaires,
    urls_reports,
)

app_name = "network"

urlpatterns = [
    *urls_pact.urlpatterns,
    *urls_groups.urlpatterns,
    *urls_agreements.urlpatterns,
    *urls_questionnaires.urlpatterns,
    *urls_coordination.urlpatterns,
    *urls_reports.urlpatterns,
]
