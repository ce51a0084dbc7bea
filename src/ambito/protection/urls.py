"""Tutela minori e Autorità giudiziaria under /tutela-minori/."""

app_name = "protection"

urlpatterns: list = []
