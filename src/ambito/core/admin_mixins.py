"""What every admin page of Ambito shares: zone scoping and the audit trail.

Zone administrators are staff users with a zone: they see, and may choose in forms, only
their own zone's objects. System administrators (the role, not Django's superuser flag) manage
the configuration of every zone — zones, municipalities, organisations, users and roles,
need areas, measures, fund sources — and never personal data: an admin marked
`personal_data = True` shows them nothing, whatever permissions they were given. Saves and
deletes made in the admin are written to the EventLog like those made through services."""

from django.contrib import admin

from .audit import log_event
from .choices import EventAction, Role


def region_wide(user) -> bool:
    """Manages every zone's configuration: a superuser (kept for bootstrapping an
    installation) or a system administrator."""
    return user.is_superuser or user.has_role(Role.SYSTEM_ADMIN)


def _has_zone_field(model) -> bool:
    return any(field.name == "zone" for field in model._meta.get_fields())


class ZoneScopedAdmin(admin.ModelAdmin):
    zone_lookup = "zone_id"
    # Personal data (contacts, teams of cases, audit trails): only in a zone, never region-wide.
    personal_data = False

    def _hidden_from(self, user) -> bool:
        return self.personal_data and user.has_role(Role.SYSTEM_ADMIN)

    def has_module_permission(self, request):
        return not self._hidden_from(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return not self._hidden_from(request.user) and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if self._hidden_from(request.user):
            return qs.none()
        if region_wide(request.user) and not self.personal_data:
            return qs
        if request.user.zone_id is None:
            return qs.none()
        return qs.filter(**{self.zone_lookup: request.user.zone_id})

    def _limit_choices(self, request, db_field, kwargs) -> None:
        if region_wide(request.user) and not self.personal_data:
            return
        model = db_field.remote_field.model
        if model._meta.label_lower == "territory.zone":
            kwargs["queryset"] = model.objects.filter(pk=request.user.zone_id)
        elif _has_zone_field(model):
            kwargs["queryset"] = model.objects.filter(zone_id=request.user.zone_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit_choices(request, db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_event(
            user=request.user,
            obj=obj,
            action=EventAction.UPDATE if change else EventAction.CREATE,
            fields=form.changed_data if change else ["*"],
            note="admin",
        )

    def delete_model(self, request, obj):
        log_event(user=request.user, obj=obj, action=EventAction.DELETE, note="admin")
        super().delete_model(request, obj)


class ReadOnlyAdminMixin:
    """Rows the admin shows and never writes: they are written by services (audit trails,
    background jobs), whose rules the admin's forms would bypass."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
