"""The area services' coordination and the shared documents (seed 001)."""

from django.urls import path

from .views import coordination as views

urlpatterns: list = [
    path("servizi-di-area/", views.area_services, name="area_services"),
    path("servizi-di-area/panoramica/", views.area_overview, name="area_overview"),
    path("servizi-di-area/<uuid:uuid>/", views.area_service, name="area_service"),
    path(
        "servizi-di-area/<uuid:uuid>/operatori/",
        views.area_service_member_add,
        name="area_service_member_add",
    ),
    path(
        "servizi-di-area/<uuid:uuid>/uscite/",
        views.area_service_member_remove,
        name="area_service_member_remove",
    ),
    path("documenti/", views.documents, name="documents"),
    path("documenti/nuovo/", views.document_add, name="document_add"),
    path("documenti/<uuid:uuid>/", views.document, name="document"),
    path("documenti/<uuid:uuid>/archivia/", views.document_archive, name="document_archive"),
    path("versioni/<uuid:uuid>/file/", views.document_version_file, name="document_version_file"),
    path("versioni/<uuid:uuid>/letto/", views.document_mark_read, name="document_mark_read"),
]
