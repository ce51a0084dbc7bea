"""Public pages of the network, no login: what each line of the pact received from the
network (transparency, seed 000). Figures and organisation names only, never persons."""

from django.urls import path  # noqa: F401

app_name = "network_public"

urlpatterns: list = []
