"""Providers, accreditation and vouchers under /erogatori/. Each concept keeps its routes in its
own module."""

from django.urls import path

from . import (
    urls_accreditation,
    urls_deliveries,
    urls_portal,
    urls_providers,
    urls_reports,
    urls_vouchers,
)
from .views import home as views_home

app_name = "providers"

urlpatterns = [
    path("", views_home.home, name="home"),
    *urls_providers.urlpatterns,
    *urls_accreditation.urlpatterns,
    *urls_vouchers.urlpatterns,
    *urls_deliveries.urlpatterns,
    *urls_portal.urlpatterns,
    *urls_reports.urlpatterns,
]
