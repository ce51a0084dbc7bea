from django.urls import path

from .views import agreements as views

urlpatterns: list = [
    path("convenzioni/", views.agreement_list, name="agreements"),
    path("convenzioni/nuova/", views.agreement_add, name="agreement_add"),
    path("convenzioni/<uuid:uuid>/", views.agreement_detail, name="agreement"),
    path(
        "convenzioni/<uuid:uuid>/documento/",
        views.agreement_document,
        name="agreement_document",
    ),
]
