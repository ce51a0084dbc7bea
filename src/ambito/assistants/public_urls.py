"""The family assistants who consented to be listed, on the zone's public charter (no login)."""

from django.urls import path

from .views import public

app_name = "assistants_public"

urlpatterns: list = [
    path("<slug:zone_code>/assistenti-familiari/", public.charter, name="charter"),
]
