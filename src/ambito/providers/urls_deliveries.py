"""Routes of the deliveries pages (filled by the deliveries slice)."""

urlpatterns: list = []
