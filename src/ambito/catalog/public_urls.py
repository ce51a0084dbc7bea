"""Public pages of the service charter: no login, only published services, no personal data."""

from django.urls import path

from . import public_views

app_name = "catalog_public"

urlpatterns = [
    path("", public_views.charter_index, name="index"),
    path("<slug:zone_code>/", public_views.charter_home, name="home"),
    path("<slug:zone_code>/servizi/<slug:slug>/", public_views.service_page, name="service"),
    path("<slug:zone_code>/punti-di-accesso/", public_views.access_points, name="access_points"),
    path("<slug:zone_code>/carta.pdf", public_views.charter_pdf, name="pdf"),
]
