from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("", views.home, name="home"),
    path("piani/<uuid:uuid>/", views.plan, name="plan"),
    path("piani/<uuid:uuid>/obiettivi/", views.objective_add, name="objective_add"),
    path("piani/<uuid:uuid>/esporta/", views.plan_export, name="plan_export"),
    path("piani/<uuid:uuid>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("piani/<uuid:uuid>/stato/", views.plan_status, name="plan_status"),
    path("piani/<uuid:uuid>/nuova-versione/", views.plan_version, name="plan_version"),
    path("azioni/<uuid:uuid>/", views.action, name="action"),
    path("azioni/<uuid:uuid>/cronoprogramma/", views.schedule, name="schedule"),
    path("azioni/<uuid:uuid>/spese/", views.spending, name="spending"),
    path("indicatori/<uuid:uuid>/", views.target, name="target"),
    path("fondi/", views.funds, name="funds"),
    path("fondi/registro/", views.ledger, name="ledger"),
    path("assemblea/", views.meetings, name="meetings"),
    path("assemblea/<uuid:uuid>/", views.meeting, name="meeting"),
    path("assemblea/<uuid:uuid>/presenze/", views.attendance, name="attendance"),
    path("assemblea/<uuid:uuid>/deliberazioni/", views.deliberation, name="deliberation"),
    path("assemblea/<uuid:uuid>/verbale.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("deliberazioni/", views.deliberations, name="deliberations"),
    path("deliberazioni/<uuid:uuid>/pdf/", views.deliberation_pdf, name="deliberation_pdf"),
]
