"""Routes of the voucher schemes and the vouchers (titoli sociali)."""

from django.urls import path

from .views import vouchers as views

urlpatterns = [
    path("titoli/misure/", views.scheme_list, name="schemes"),
    path("titoli/misure/nuova/", views.scheme_add, name="scheme_add"),
    path("titoli/misure/<uuid:uuid>/", views.scheme_detail, name="scheme"),
    path("titoli/misure/<uuid:uuid>/modifica/", views.scheme_edit, name="scheme_edit"),
    path("titoli/", views.voucher_list, name="vouchers"),
    path("titoli/nuovo/<uuid:case_uuid>/", views.voucher_issue, name="voucher_issue"),
    path("titoli/<uuid:uuid>/", views.voucher_detail, name="voucher"),
]
