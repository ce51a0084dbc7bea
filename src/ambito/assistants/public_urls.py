"""The family assistants who consented to be listed, on the zone's public charter (no login)."""

app_name = "assistants_public"

urlpatterns: list = []
