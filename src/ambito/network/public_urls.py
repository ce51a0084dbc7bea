"""Public pages of the network, no login: what each line of the pact received from the
network (transparency, seed 000). Figures and organisation names only, never persons."""

from django.urls import path

from .views import public

app_name = "network_public"

urlpatterns: list = [
    path("<slug:zone_code>/patto/linee/<uuid:uuid>/", public.line, name="line"),
]
