"""Routes of the accreditation pages (filled by the accreditation slice)."""

urlpatterns: list = []
