"""Registro degli assistenti familiari under /assistenti-familiari/."""

from django.urls import path

from .views import matches, register, report

app_name = "assistants"

urlpatterns: list = [
    path("", register.home, name="home"),
    path("iscritti/", register.worker_list, name="workers"),
    path("iscritti/nuovo/", register.worker_add, name="worker_add"),
    path("iscritti/<uuid:uuid>/", register.worker_detail, name="worker"),
    path("iscritti/<uuid:uuid>/modifica/", register.worker_edit, name="worker_edit"),
    path("iscritti/<uuid:uuid>/stato/", register.worker_state, name="worker_state"),
    path("iscritti/<uuid:uuid>/formazione/", register.worker_training, name="worker_training"),
    path("iscritti/<uuid:uuid>/verifiche/", register.worker_check, name="worker_check"),
    path("iscritti/<uuid:uuid>/consenso/", register.worker_consent, name="worker_consent"),
    path("iscritti/<uuid:uuid>/revoca-consenso/", register.worker_withdraw, name="worker_withdraw"),
    path("iscritti/<uuid:uuid>/abbinamento/", matches.match_add, name="match_add"),
    path("ricerca/", matches.search, name="search"),
    path("abbinamenti/", matches.match_list, name="matches"),
    path("abbinamenti/<uuid:uuid>/", matches.match_detail, name="match"),
    path("dati/", report.report, name="report"),
    path("dati/esporta/", report.report_export, name="report_export"),
    path("pubblicazione/", report.publication, name="publication"),
]
