"""Liste d'attesa RSA under /rsa/."""

from django.urls import path

from . import views

app_name = "rsa"

urlpatterns: list = [
    path("", views.home, name="home"),
    path("strutture/nuova/", views.structure_add, name="structure_add"),
    path("strutture/<uuid:uuid>/", views.structure_detail, name="structure"),
    path("strutture/<uuid:uuid>/storia/", views.structure_history, name="structure_history"),
    path("domande/", views.application_list, name="applications"),
    path("domande/nuova/", views.application_add, name="application_add"),
    path("domande/<uuid:uuid>/", views.application_detail, name="application"),
    path("domande/<uuid:uuid>/valutazione/", views.application_evaluate, name="evaluate"),
    path("domande/<uuid:uuid>/preferenze/", views.application_preferences, name="preferences"),
    path("domande/<uuid:uuid>/offerta/", views.offer_add, name="offer_add"),
    path("domande/<uuid:uuid>/ingresso/", views.admission_add, name="admission_add"),
    path("domande/<uuid:uuid>/chiusura/", views.application_close, name="application_close"),
    path("offerte/<uuid:uuid>/", views.offer_reply, name="offer"),
    path("configurazione/", views.configuration, name="configuration"),
    path("rapporti/", views.reports, name="reports"),
]
