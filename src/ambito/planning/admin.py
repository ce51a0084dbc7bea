"""Admin pages for what the planning pages do not edit themselves: fund sources
(configuration), quantitative targets and pact commitments, the portfolio's budget lines,
spending declared by management form, and the solidarity fund's rule and members' figures."""

from django.contrib import admin

from ambito.core.admin_mixins import ZoneScopedAdmin

from . import ledger
from .choices import LedgerOrigin
from .models import (
    BudgetLine,
    FundSource,
    ManagementSpending,
    PactCommitment,
    PlanObjective,
    QuantitativeTarget,
    SolidarityFigures,
    SolidarityRule,
)


@admin.register(FundSource)
class FundSourceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "active")
    list_filter = ("kind", "active")


class TargetInline(admin.TabularInline):
    model = QuantitativeTarget
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = PactCommitment
    extra = 0


@admin.register(PlanObjective)
class PlanObjectiveAdmin(ZoneScopedAdmin):
    zone_lookup = "plan__zone_id"
    list_display = ("code", "title", "plan", "priority")
    search_fields = ("code", "title")
    inlines = [TargetInline, CommitmentInline]
    readonly_fields = ("plan",)


@admin.register(BudgetLine)
class BudgetLineAdmin(ZoneScopedAdmin):
    list_display = ("year", "service_area", "fund", "amount", "management_form")
    list_filter = ("year", "fund", "management_form")

    # A portfolio line is a source of the fund ledger: an edit here moves its movement too
    # (the admin's save runs in one transaction).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        ledger.refresh(LedgerOrigin.PORTFOLIO, [obj.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        ledger.refresh(LedgerOrigin.PORTFOLIO, [pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        ledger.refresh(LedgerOrigin.PORTFOLIO, ids)


@admin.register(ManagementSpending)
class ManagementSpendingAdmin(ZoneScopedAdmin):
    list_display = ("reference", "management_form", "amount")


class FiguresInline(admin.TabularInline):
    model = SolidarityFigures
    extra = 0


@admin.register(SolidarityRule)
class SolidarityRuleAdmin(ZoneScopedAdmin):
    list_display = ("year", "total", "per_capita_pct", "potential_users_pct", "actual_users_pct")
    inlines = [FiguresInline]
