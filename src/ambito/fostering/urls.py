"""Affido familiare under /affido/."""

from django.urls import path

from .views import pages as v

app_name = "fostering"

urlpatterns = [
    path("", v.home, name="home"),
    path("famiglie/", v.family_list, name="families"),
    path("famiglie/nuova/", v.family_add, name="family_add"),
    path("famiglie/<uuid:uuid>/", v.family_detail, name="family"),
    path("famiglie/<uuid:uuid>/modifica/", v.family_edit, name="family_edit"),
    path(
        "famiglie/<uuid:uuid>/formazione/", v.family_step, {"step": "formazione"}, name="training"
    ),
    path(
        "famiglie/<uuid:uuid>/valutazione/",
        v.family_step,
        {"step": "valutazione"},
        name="assessment",
    ),
    path(
        "famiglie/<uuid:uuid>/sospensione/", v.family_step, {"step": "sospensione"}, name="suspend"
    ),
    path("famiglie/<uuid:uuid>/ritiro/", v.family_step, {"step": "ritiro"}, name="withdraw"),
    path("affidi/", v.placement_list, name="placements"),
    path("affidi/<uuid:uuid>/", v.placement_detail, name="placement"),
    path("affidi/<uuid:uuid>/incontri/", v.meeting_add, name="meeting_add"),
    path("affidi/<uuid:uuid>/conclusione/", v.placement_end, name="placement_end"),
    path("cartelle/<uuid:uuid>/nuovo-affido/", v.placement_add, name="placement_add"),
    path("gruppi/", v.group_list, name="groups"),
    path("gruppi/<uuid:uuid>/", v.group_detail, name="group"),
    path("rapporto/", v.report, name="report"),
    path("rapporto/esporta/", v.report_export, name="report_export"),
]
