"""Servizi distrettuali under /servizi-distrettuali/."""

from django.urls import path

from . import views

app_name = "district"

urlpatterns = [
    path("", views.line_list, name="lines"),
    path("nuovo/", views.line_add, name="line_add"),
    path("report/", views.report, name="report"),
    path("linee/<uuid:uuid>/", views.line_detail, name="line"),
    path("linee/<uuid:uuid>/modifica/", views.line_edit, name="line_edit"),
    path("prese-in-carico/<uuid:uuid>/", views.intake_detail, name="intake"),
    path("prese-in-carico/<uuid:uuid>/stato/", views.intake_transition, name="intake_transition"),
    path("prese-in-carico/<uuid:uuid>/ore/", views.hours_add, name="hours_add"),
    path("cartelle/<uuid:uuid>/segnala/", views.refer, name="refer"),
]
