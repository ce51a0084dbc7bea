"""The admin of the pathway: the zone's EEMM teams with their members, the assignment
rules and the queue's targets. Cases themselves are worked on the pages (services, audit),
not in the admin."""

from django.contrib import admin

from ambito.core.admin_mixins import ZoneScopedAdmin

from .models import AssignmentRule, EemmMember, EemmTeam, QueuePolicy


class EemmMemberInline(admin.TabularInline):
    model = EemmMember
    extra = 1
    fields = [
        "name",
        "institution",
        "role",
        "user",
        "active",
        "started_on",
        "ended_on",
        "monthly_hours_min",
        "monthly_hours_max",
    ]


@admin.register(EemmTeam)
class EemmTeamAdmin(ZoneScopedAdmin):
    list_display = ["name", "zone", "active", "started_on", "ended_on"]
    inlines = [EemmMemberInline]


@admin.register(AssignmentRule)
class AssignmentRuleAdmin(ZoneScopedAdmin):
    list_display = ["municipality", "line", "manager"]
    list_filter = ["line"]


@admin.register(QueuePolicy)
class QueuePolicyAdmin(ZoneScopedAdmin):
    list_display = ["zone", "assignment_days", "caseload_ceiling"]
