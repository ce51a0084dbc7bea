"""The public list of accredited providers on the charter (no login): filled by the
accreditation slice."""

urlpatterns: list = []
