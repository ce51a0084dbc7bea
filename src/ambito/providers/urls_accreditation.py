"""Routes of accreditation, under /erogatori/accreditamento/."""

from django.urls import path

from .views import accreditation as views

A = "accreditamento/domande/<uuid:uuid>/"

urlpatterns: list = [
    path("accreditamento/", views.scheme_list, name="accreditation_schemes"),
    path("accreditamento/nuovo/", views.scheme_add, name="accreditation_scheme_add"),
    path("accreditamento/sistemi/<uuid:uuid>/", views.scheme_detail, name="accreditation_scheme"),
    path("accreditamento/domande/", views.application_list, name="applications"),
    path("accreditamento/domande/nuova/", views.application_add, name="application_add"),
    path(A, views.application_detail, name="application"),
    path(A + "presenta/", views.application_submit, name="application_submit"),
    path(A + "istruttoria/", views.application_start_review, name="application_start_review"),
    path(A + "decisione/", views.application_decide, name="application_decide"),
    path(A + "sospensione/", views.application_suspend, name="application_suspend"),
    path(A + "riattivazione/", views.application_reinstate, name="application_reinstate"),
    path(A + "revoca/", views.application_revoke, name="application_revoke"),
    path(A + "ritiro/", views.application_withdraw, name="application_withdraw"),
    path(A + "rinnovo/", views.application_renew, name="application_renew"),
    path(
        A + "requisiti/<int:requirement_id>/documento/",
        views.evidence_upload,
        name="evidence_upload",
    ),
    path(
        A + "requisiti/<int:requirement_id>/esito/",
        views.requirement_review,
        name="requirement_review",
    ),
    path(
        A + "requisiti/<int:requirement_id>/file/",
        views.evidence_file,
        name="evidence_file",
    ),
]
