from django.urls import path

from . import public_views

app_name = "access_public"

urlpatterns = [
    path("<slug:zone_code>/richiesta/", public_views.request_form, name="request"),
    path("<slug:zone_code>/richiesta/inviata/", public_views.request_sent, name="request_sent"),
]
