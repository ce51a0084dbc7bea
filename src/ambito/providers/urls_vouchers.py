"""Routes of the vouchers pages (filled by the vouchers slice)."""

urlpatterns: list = []
