from django.urls import path

from . import views

app_name = "measures"

urlpatterns = [
    path("", views.applications, name="applications"),
    path("importa/", views.import_applications, name="import"),
    path("<uuid:uuid>/verifica/", views.follow_up, name="follow_up"),
]
