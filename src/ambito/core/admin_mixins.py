"""What every admin page of Ambito shares: zone scoping and the audit trail.

Zone administrators are staff users with a zone: they see, and may choose in forms, only
their own zone's objects. Superusers (system administrators) see every zone. Saves and
deletes made in the admin are written to the EventLog like those made through services."""

from django.contrib import admin

from .audit import log_event
from .choices import EventAction


def _has_zone_field(model) -> bool:
    return any(field.name == "zone" for field in model._meta.get_fields())


class ZoneScopedAdmin(admin.ModelAdmin):
    zone_lookup = "zone_id"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        if request.user.zone_id is None:
            return qs.none()
        return qs.filter(**{self.zone_lookup: request.user.zone_id})

    def _limit_choices(self, request, db_field, kwargs) -> None:
        if request.user.is_superuser:
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
