"""Admin of the territory: configuration by the zone administrator (own zone only) and by
the system administrator (every zone)."""

from django.contrib import admin

from ambito.core.admin_mixins import ZoneScopedAdmin

from .models import (
    AccessPoint,
    ConsortiumMember,
    Municipality,
    MunicipalityPopulation,
    OpeningHours,
    Organisation,
    Staff,
    StaffMunicipality,
    SubArea,
    Zone,
)


@admin.register(Zone)
class ZoneAdmin(ZoneScopedAdmin):
    zone_lookup = "pk"
    list_display = ["name", "code", "kind", "region", "province_code", "lead_body"]
    search_fields = ["name", "code"]
    readonly_fields = ["uuid"]


@admin.register(SubArea)
class SubAreaAdmin(ZoneScopedAdmin):
    list_display = ["code", "name", "zone"]
    list_filter = ["zone"]
    search_fields = ["name", "code"]


class PopulationInline(admin.TabularInline):
    model = MunicipalityPopulation
    extra = 1
    fields = ["year", "population", "source"]


@admin.register(Municipality)
class MunicipalityAdmin(ZoneScopedAdmin):
    list_display = ["name", "istat_code", "belfiore_code", "province_code", "subarea", "zone"]
    list_filter = ["zone", "province_code", "is_metropolitan_city"]
    search_fields = ["name", "istat_code", "belfiore_code"]
    readonly_fields = ["uuid"]
    inlines = [PopulationInline]


@admin.register(Organisation)
class OrganisationAdmin(ZoneScopedAdmin):
    list_display = ["name", "kind", "municipality", "legal_form", "runts_number", "zone"]
    list_filter = ["zone", "kind"]
    search_fields = ["name", "tax_code", "runts_number"]
    readonly_fields = ["uuid"]


@admin.register(ConsortiumMember)
class ConsortiumMemberAdmin(ZoneScopedAdmin):
    list_display = ["organisation", "share", "representative", "representative_role", "zone"]
    list_filter = ["zone"]
    search_fields = ["organisation__name", "representative"]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1
    fields = ["weekday", "opens", "closes"]


@admin.register(AccessPoint)
class AccessPointAdmin(ZoneScopedAdmin):
    list_display = ["name", "kind", "municipality", "address", "active_from", "active_until"]
    list_filter = ["zone", "kind", "municipality"]
    search_fields = ["name", "address"]
    readonly_fields = ["uuid"]
    inlines = [OpeningHoursInline]


class StaffMunicipalityInline(admin.TabularInline):
    """The municipalities served, with the weekly hours in each when a split is recorded
    (empty hours: the FTE is apportioned by population)."""

    model = StaffMunicipality
    extra = 1
    fields = ["municipality", "weekly_hours"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality" and not request.user.is_superuser:
            kwargs["queryset"] = Municipality.objects.filter(zone_id=request.user.zone_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Staff)
class StaffAdmin(ZoneScopedAdmin):
    list_display = [
        "last_name",
        "first_name",
        "profile",
        "employer",
        "weekly_hours",
        "area",
        "active",
    ]
    list_filter = ["zone", "profile", "area", "active"]
    search_fields = ["last_name", "first_name"]
    readonly_fields = ["uuid"]
    inlines = [StaffMunicipalityInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = get_user_model().objects.filter(zone_id=request.user.zone_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
