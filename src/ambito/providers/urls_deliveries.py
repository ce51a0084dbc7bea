"""Routes of the deliveries and payments pages (the plan office)."""

from django.urls import path

from .views import deliveries as views

urlpatterns = [
    path("prestazioni/", views.delivery_list, name="deliveries"),
    path("pagamenti/", views.payment_list, name="payments"),
    path("pagamenti/nuovo/", views.payment_add, name="payment_add"),
    path("pagamenti/<uuid:uuid>/", views.payment_detail, name="payment"),
]
