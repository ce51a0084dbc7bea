from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.search, name="search"),
    path("persone/nuova/", views.person_create, name="person_create"),
    path("accesso-motivato/", views.person_access_with_reason, name="person_access_with_reason"),
    path("persone/<uuid:uuid>/", views.person_detail, name="person_detail"),
    path("persone/<uuid:uuid>/modifica/", views.person_edit, name="person_edit"),
    path("persone/<uuid:uuid>/isee/nuovo/", views.isee_add, name="isee_add"),
    path("persone/<uuid:uuid>/nucleo/nuovo/", views.household_create, name="household_create"),
    path("nuclei/<uuid:uuid>/", views.household_detail, name="household_detail"),
    path(
        "nuclei/<uuid:uuid>/componenti/<uuid:person_uuid>/uscita/",
        views.household_member_end,
        name="household_member_end",
    ),
]
