"""Routes of the reports pages (filled by the reports slice)."""

urlpatterns: list = []
