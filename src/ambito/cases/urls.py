from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.my_work, name="my_work"),
    path("numero/", views.find_by_number, name="find_by_number"),
    path("assegnazione/", views.assignment, name="assignment"),
    path("assegnazione/multipla/", views.assign_many, name="assign_many"),
    path("nuova/", views.case_open, name="open"),
    path("attivita/<int:pk>/fatta/", views.task_done, name="task_done"),
    path("<uuid:uuid>/", views.case_detail, name="detail"),
    path("<uuid:uuid>/assegna/", views.assign, name="assign"),
    path("<uuid:uuid>/passaggio/", views.transition, name="transition"),
    path("<uuid:uuid>/chiudi/", views.close, name="close"),
    path("<uuid:uuid>/scheda-a/", views.pre_assessment, name="pre_assessment"),
    path("<uuid:uuid>/diario/", views.diary_add, name="diary_add"),
    path("<uuid:uuid>/attivita/", views.task_add, name="task_add"),
    path("<uuid:uuid>/equipe/", views.member_add, name="member_add"),
    path("<uuid:uuid>/scheda-b/", views.in_depth, name="in_depth"),
    path("<uuid:uuid>/interventi/", views.intervention_add, name="intervention_add"),
    path("controlli-lep/", views.lep_checks, name="lep_checks"),
    path("equipe-multidisciplinari/", views.eemm_list, name="eemm_list"),
    path("equipe-multidisciplinari/<uuid:uuid>/", views.eemm_team, name="eemm_team"),
    path("<uuid:uuid>/verifiche/", views.review_add, name="review_add"),
    path("<uuid:uuid>/progetto/", views.project, name="project"),
    path("<uuid:uuid>/progetto/<int:version>/pdf/", views.project_pdf, name="project_pdf"),
    path("<uuid:uuid>/progetto/<int:version>/firma/", views.project_sign, name="project_sign"),
    path("<uuid:uuid>/progetto/<int:version>/firmato/", views.project_scan, name="project_scan"),
    path("<uuid:uuid>/documenti/", views.document_add, name="document_add"),
    path("<uuid:uuid>/documenti/<uuid:document>/", views.document_download, name="document"),
]
