from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import AccessLog, ApiToken, EventLog, User


class ZoneScopedAdmin(admin.ModelAdmin):
    """Non-superusers (zone administrators) see and edit only their own zone's rows."""

    zone_field = "zone"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.zone_field: request.user.zone_id})


@admin.register(User)
class UserAdmin(ZoneScopedAdmin, DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "zone", "organisation", "is_active")
    list_filter = ("zone", "groups", "is_active")
    filter_horizontal = ("groups", "user_permissions", "municipalities")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Ambito", {"fields": ("zone", "organisation", "municipalities")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in {"zone", "organisation"} and not request.user.is_superuser:
            model = db_field.remote_field.model
            field = "pk" if db_field.name == "zone" else "zone_id"
            kwargs["queryset"] = model.objects.filter(**{field: request.user.zone_id})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "municipalities" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.remote_field.model.objects.filter(
                zone_id=request.user.zone_id
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyLogAdmin(ZoneScopedAdmin):
    list_display = ("timestamp", "user", "action", "object_type", "channel")
    list_filter = ("action", "channel")
    date_hierarchy = "timestamp"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    list_display = (*ReadOnlyLogAdmin.list_display, "flagged")
    list_filter = (*ReadOnlyLogAdmin.list_filter, "flagged")


@admin.register(EventLog)
class EventLogAdmin(ReadOnlyLogAdmin):
    pass


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False  # tokens are created by their owner, who alone sees the key once


admin.site.site_header = "Ambito - amministrazione"
admin.site.site_title = "Ambito"
