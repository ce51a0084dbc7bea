from django.urls import path

from .views import questionnaires as views

urlpatterns: list = [
    path("questionari/", views.questionnaire_list, name="questionnaires"),
    path("questionari/nuovo/", views.questionnaire_add, name="questionnaire_add"),
    path("questionari/<uuid:uuid>/", views.questionnaire_detail, name="questionnaire"),
    path("rilevazioni/<uuid:uuid>/", views.round_detail, name="round"),
    path("rilevazioni/<uuid:uuid>/rispondi/", views.round_answer, name="round_answer"),
    path("rilevazioni/<uuid:uuid>/esporta.<str:fmt>", views.round_export, name="round_export"),
]
