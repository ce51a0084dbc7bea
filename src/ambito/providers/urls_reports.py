"""Routes of the report of the titoli sociali."""

from django.urls import path

from .views import reports

urlpatterns: list = [
    path("rapporto/", reports.report, name="report"),
    path("rapporto/esporta/", reports.report_export, name="report_export"),
]
