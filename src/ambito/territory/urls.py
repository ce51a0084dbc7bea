from django.urls import path

from . import views

app_name = "territory"

urlpatterns = [
    path("", views.zone, name="zone"),
    path("punti-di-accesso/", views.access_point_list, name="access_points"),
    path("punti-di-accesso/nuovo/", views.access_point_create, name="access_point_create"),
    path("punti-di-accesso/<uuid:uuid>/", views.access_point_detail, name="access_point_detail"),
    path(
        "punti-di-accesso/<uuid:uuid>/modifica/",
        views.access_point_edit,
        name="access_point_edit",
    ),
    path("operatori/", views.staff_list, name="staff"),
    path("operatori/nuovo/", views.staff_create, name="staff_create"),
    path("operatori/<uuid:uuid>/modifica/", views.staff_edit, name="staff_edit"),
]
