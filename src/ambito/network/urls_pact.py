"""The pact, its lines, adhesions, candidatures and the third-sector registry under /rete/."""

from django.urls import path

from .views import pact as views

urlpatterns: list = [
    path("", views.home, name="home"),
    path("patti/<uuid:uuid>/", views.pact, name="pact"),
    path("patti/<uuid:uuid>/linee/", views.pact_line_add, name="pact_line_add"),
    path("patti/<uuid:uuid>/adesioni/", views.adhesion_add, name="adhesion_add"),
    path("adesioni/<uuid:uuid>/", views.adhesion, name="adhesion"),
    path("adesioni/<uuid:uuid>/recesso/", views.adhesion_withdraw, name="adhesion_withdraw"),
    path("adesioni/<uuid:uuid>/documento/", views.adhesion_document, name="adhesion_document"),
    path(
        "adesioni/<uuid:uuid>/documento/carica/",
        views.adhesion_document_upload,
        name="adhesion_document_upload",
    ),
    path("linee/<uuid:uuid>/", views.line, name="line"),
    path("linee/<uuid:uuid>/candidatura/", views.candidature_add, name="candidature_add"),
    path("candidature/", views.candidatures, name="candidatures"),
    path("candidature/<uuid:uuid>/", views.candidature, name="candidature"),
    path(
        "candidature/<uuid:uuid>/stato/",
        views.candidature_transition,
        name="candidature_transition",
    ),
    path("enti/", views.organisations, name="organisations"),
    path("enti/nuovo/", views.organisation_add, name="organisation_add"),
    path("enti/<uuid:uuid>/", views.organisation, name="organisation"),
    path("enti/<uuid:uuid>/modifica/", views.organisation_edit, name="organisation_edit"),
]
