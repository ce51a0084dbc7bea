"""Working groups, meetings, programmes; commitment records and the transparency of a line."""

from django.urls import path

from .views import commitments, groups

urlpatterns: list = [
    path("gruppi/", groups.groups, name="groups"),
    path("gruppi/<uuid:uuid>/", groups.group, name="group"),
    path("incontri/<uuid:uuid>/", groups.meeting, name="meeting"),
    path("incontri/<uuid:uuid>/verbale/", groups.meeting_file, name="meeting_file"),
    path("programmi/<uuid:uuid>/", groups.programme, name="programme"),
    path("impegni/", commitments.commitments, name="commitments"),
    path("impegni/<uuid:uuid>/", commitments.commitment, name="commitment"),
    path("linee/<uuid:uuid>/trasparenza/", commitments.transparency, name="transparency"),
]
