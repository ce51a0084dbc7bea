"""Registro degli assistenti familiari under /assistenti-familiari/."""

app_name = "assistants"

urlpatterns: list = []
