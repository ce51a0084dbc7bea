"""Servizi distrettuali under /servizi-distrettuali/."""

app_name = "district"

urlpatterns: list = []
