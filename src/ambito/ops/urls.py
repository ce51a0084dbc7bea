"""Operations endpoints, outside the login: liveness, readiness and metrics."""

urlpatterns: list = []
