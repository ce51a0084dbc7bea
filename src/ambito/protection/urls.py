"""Tutela minori e Autorità giudiziaria under /tutela-minori/."""

from django.urls import path

from .views import figures, orders, uvm

app_name = "protection"

urlpatterns = [
    path("", orders.order_list, name="orders"),
    path("cartelle/<uuid:case>/provvedimenti/nuovo/", orders.order_add, name="order_add"),
    path("provvedimenti/<uuid:uuid>/", orders.order_detail, name="order"),
    path("provvedimenti/<uuid:uuid>/relazione/", orders.report_draft, name="report_draft"),
    path("provvedimenti/<uuid:uuid>/chiudi/", orders.order_close, name="order_close"),
    path("relazioni/<uuid:uuid>/", orders.report_edit, name="report"),
    path("relazioni/<uuid:uuid>/pdf/", orders.report_pdf, name="report_pdf"),
    path("relazioni/<uuid:uuid>/firma/", orders.report_sign, name="report_sign"),
    path("relazioni/<uuid:uuid>/consegna/", orders.report_deliver, name="report_deliver"),
    path("uvm/", uvm.team_list, name="teams"),
    path("uvm/<uuid:uuid>/", uvm.team_detail, name="team"),
    path("uvm/<uuid:uuid>/incontri/nuovo/", uvm.meeting_add, name="meeting_add"),
    path("incontri/<uuid:uuid>/", uvm.meeting_detail, name="meeting"),
    path("modelli/", uvm.template_list, name="templates"),
    path("modelli/nuovo/", uvm.template_add, name="template_add"),
    path("modelli/<uuid:uuid>/", uvm.template_edit, name="template"),
    path("scadenze/", figures.figures, name="figures"),
]
