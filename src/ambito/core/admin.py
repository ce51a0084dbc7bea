from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_mixins import ReadOnlyAdminMixin, ZoneScopedAdmin, region_wide
from .models import AccessLog, ApiToken, EventLog, Membership, User


class MembershipInline(admin.TabularInline):
    """The other zones where the user works (core/memberships.py)."""

    model = Membership
    fk_name = "user"
    extra = 0
    fields = ("zone", "organisation", "roles", "municipalities", "active")
    filter_horizontal = ("roles", "municipalities")

    # Another zone is the region's business: only system administrators give memberships.
    def has_add_permission(self, request, obj=None):
        return region_wide(request.user) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return region_wide(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return region_wide(request.user) and super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(ZoneScopedAdmin, DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "zone", "organisation", "is_active")
    list_filter = ("zone", "groups", "is_active")
    filter_horizontal = ("groups", "user_permissions", "municipalities")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Ambito", {"fields": ("zone", "organisation", "municipalities")}),
    )

    def get_readonly_fields(self, request, obj=None):
        """Only a superuser grants the superuser flag or single permissions; nobody widens
        their own account (roles, zone, municipalities) from the admin."""
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        if obj is not None and obj.pk == request.user.pk:
            fields += ["groups", "zone", "organisation", "municipalities", "is_staff"]
        return fields


class ReadOnlyLogAdmin(ReadOnlyAdminMixin, ZoneScopedAdmin):
    personal_data = True  # every row names the person whose record was read or written
    list_display = ("timestamp", "user", "action", "object_type", "channel")
    list_filter = ("action", "channel")
    date_hierarchy = "timestamp"


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
