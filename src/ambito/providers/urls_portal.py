"""Routes of the provider's portal (a provider's operator)."""

from django.urls import path

from .views import portal as views

urlpatterns = [
    path("portale/", views.portal, name="portal"),
    path("portale/titoli/<uuid:uuid>/", views.portal_voucher, name="portal_voucher"),
    path("portale/pagamenti/", views.portal_payments, name="portal_payments"),
]
