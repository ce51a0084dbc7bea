from django.urls import path

from . import views

app_name = "emergency"

urlpatterns = [
    path("", views.home, name="home"),
    path("nuova/", views.report_create, name="report_create"),
    path("strutture/", views.shelters, name="shelters"),
    path("turni/", views.rota, name="rota"),
    path("report/", views.report, name="report"),
    path("collocamenti/<uuid:uuid>/uscita/", views.placement_end, name="placement_end"),
    path("<uuid:uuid>/", views.detail, name="detail"),
    path("<uuid:uuid>/risposta/", views.respond, name="respond"),
    path("<uuid:uuid>/collocamento/", views.place, name="place"),
    path("<uuid:uuid>/non-emergenza/", views.not_emergency, name="not_emergency"),
    path("<uuid:uuid>/passaggio/", views.acknowledge, name="acknowledge"),
    path("<uuid:uuid>/passaggio/comune/", views.redirect_handover, name="redirect_handover"),
]
