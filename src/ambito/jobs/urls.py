from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("avvisi/", views.notice_list, name="notices"),
    path("avvisi/<uuid:uuid>/letto/", views.notice_read, name="notice_read"),
    path("<uuid:uuid>/", views.job_detail, name="detail"),
    path("<uuid:uuid>/stato/", views.job_status, name="status"),
    path("<uuid:uuid>/annulla/", views.job_cancel, name="cancel"),
    path("<uuid:uuid>/riprova/", views.job_retry, name="retry"),
    path("<uuid:uuid>/file/", views.job_file, name="file"),
]
