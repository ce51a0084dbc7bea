from django.contrib import admin

from ambito.core.admin_mixins import ZoneScopedAdmin

from .models import OnCallShift, Shelter, UrgencyCriterion


@admin.register(UrgencyCriterion)
class UrgencyCriterionAdmin(ZoneScopedAdmin):
    """Zone administrators see and add their zone's own criteria; the criteria that apply to
    every zone (no zone) are the system administrator's."""

    list_display = ("code", "label", "parent", "involves_minors", "active", "zone")
    list_filter = ("active", "involves_minors")
    search_fields = ("code", "label")


@admin.register(Shelter)
class ShelterAdmin(ZoneScopedAdmin):
    list_display = (
        "name",
        "municipality",
        "capacity_adult",
        "capacity_woman_child",
        "capacity_minor",
        "is_open",
    )
    list_filter = ("is_open",)
    search_fields = ("name",)


@admin.register(OnCallShift)
class OnCallShiftAdmin(ZoneScopedAdmin):
    list_display = ("user", "role", "starts_at", "ends_at", "phone")
    list_filter = ("role",)
    date_hierarchy = "starts_at"
