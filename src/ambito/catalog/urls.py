from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("nuovo/", views.service_create, name="create"),
    path("orientamento/", views.orientation, name="orientation"),
    path("<uuid:uuid>/", views.service_detail, name="detail"),
    path("<uuid:uuid>/modifica/", views.service_edit, name="edit"),
    path("<uuid:uuid>/pubblica/", views.service_publish, name="publish"),
    path("<uuid:uuid>/ritira/", views.service_withdraw, name="withdraw"),
    path("<uuid:uuid>/storico/", views.service_history, name="history"),
]
