from django.urls import path

from .views import reports

urlpatterns = [
    path("report/", reports.report, name="report"),
]
