"""Routes of the providers pages (filled by the providers slice)."""

urlpatterns: list = []
