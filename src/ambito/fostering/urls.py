"""Affido familiare under /affido/."""

app_name = "fostering"

urlpatterns: list = []
