from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ambito.core.admin_mixins import ZoneScopedAdmin

from .models import InterventionType, NeedArea, Service


@admin.register(NeedArea)
class NeedAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]
    list_editable = ["position"]


@admin.register(InterventionType)
class InterventionTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "source"]
    search_fields = ["code", "name"]
    filter_horizontal = ["need_areas"]


@admin.register(Service)
class ServiceAdmin(ZoneScopedAdmin, SimpleHistoryAdmin):
    list_display = ["name", "zone", "status", "intervention_type", "provider"]
    list_filter = ["status", "need_areas"]
    search_fields = ["name", "short_description"]
    readonly_fields = ["published_at"]
    filter_horizontal = ["need_areas", "access_points", "municipalities"]
