"""Jobs and notices in the admin, read-only and scoped to the zone: for the administrator who
looks into a job that failed or waits. Starting, cancelling and retrying go through the
services (the job's page, `python -m ambito jobs`)."""

from django.contrib import admin

from ambito.core.admin_mixins import ReadOnlyAdminMixin, ZoneScopedAdmin

from .models import Job, Notice, ScheduledRun


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, ZoneScopedAdmin):
    list_display = ("title", "kind", "status", "phase", "attempts", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("uuid",)
    exclude = ("params",)


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slot", "job", "created_at")
    list_filter = ("name",)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdminMixin, ZoneScopedAdmin):
    personal_data = True  # addressed to a person, about a case
    list_display = ("kind", "user", "due_on", "created_at", "read_at")
    list_filter = ("kind",)
    exclude = ("text", "url")
