from django.urls import path

from . import views

app_name = "access"

urlpatterns = [
    path("", views.home, name="home"),
    path("nuovo/", views.contact_create, name="contact_create"),
    path("nuovo/persone/", views.person_choices, name="person_choices"),
    path("nuovo/suggerimenti/", views.orientation_suggestions, name="orientation_suggestions"),
    path("punto/<uuid:uuid>/", views.access_point_day, name="access_point_day"),
    path("<uuid:uuid>/correggi/", views.contact_correct, name="contact_correct"),
    path("<uuid:uuid>/annulla/", views.contact_cancel, name="contact_cancel"),
    path("da-richiamare/", views.callback_list, name="callback_queue"),
    path("da-richiamare/<uuid:uuid>/", views.callback_complete, name="callback_complete"),
]
