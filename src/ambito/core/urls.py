from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/login/", views.LoginView.as_view(), name="login"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/2fa/", views.two_factor, name="two_factor"),
    path("account/2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/ambito/", views.zone_switch, name="zone_switch"),
    path("audit/", views.audit, name="audit"),
    path("audit/persona/<uuid:person_uuid>/", views.person_access_history, name="person_access"),
]
