"""The public list of accredited providers on the charter (no login)."""

from django.urls import path

from .views import public

app_name = "providers_public"

urlpatterns: list = [
    path("<slug:zone_code>/erogatori-accreditati/", public.accredited, name="accredited"),
]
