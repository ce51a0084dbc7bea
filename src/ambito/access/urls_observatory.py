from django.urls import path

from . import observatory_views

app_name = "observatory"

urlpatterns = [
    path("", observatory_views.report, name="report"),
    path("export.csv", observatory_views.export_csv, name="export_csv"),
    path("export.xlsx", observatory_views.export_xlsx, name="export_xlsx"),
]
