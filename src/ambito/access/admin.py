"""Contacts in the admin: read-mostly. Contacts are recorded through the front-desk form and
the API (services validate and audit); the admin lets a zone administrator look them up and
correct the status of a web request, nothing else."""

from django.contrib import admin

from ambito.core.admin_mixins import ZoneScopedAdmin

from .models import Contact


@admin.register(Contact)
class ContactAdmin(ZoneScopedAdmin):
    personal_data = True
    list_display = ("started_at", "access_point", "channel", "status", "outcome", "is_identified")
    list_filter = ("channel", "status", "outcome", "access_point")
    date_hierarchy = "started_at"
    ordering = ("-started_at",)
    list_select_related = ("access_point",)
    readonly_fields = tuple(
        field.name
        for field in Contact._meta.get_fields()
        if field.concrete and field.name not in ("status", "id")
    ) + ("need_areas",)
    fields = (
        "uuid",
        "zone",
        "access_point",
        "started_at",
        "ended_at",
        "minutes_spent",
        "channel",
        "municipality",
        "need_areas",
        "outcome",
        "referral_kind",
        "referral_service",
        "referral_organisation",
        "referral_office",
        "status",
        "called_back_at",
        "operator",
        "created_at",
        "cancelled_at",
        "cancelled_by",
        "cancel_reason",
    )

    @admin.display(boolean=True, description="persona identificata")
    def is_identified(self, obj):
        return obj.person_id is not None

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
