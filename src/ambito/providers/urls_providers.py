"""Routes of the provider register, under /erogatori/enti/."""

from django.urls import path

from .views import providers as views

urlpatterns: list = [
    path("enti/", views.provider_list, name="providers"),
    path("enti/nuovo/", views.provider_add, name="provider_add"),
    path("enti/<uuid:uuid>/", views.provider_detail, name="provider"),
    path("enti/<uuid:uuid>/modifica/", views.provider_edit, name="provider_edit"),
    path("enti/<uuid:uuid>/strutture/nuova/", views.structure_add, name="structure_add"),
]
