"""Routes of the portal pages (filled by the portal slice)."""

urlpatterns: list = []
