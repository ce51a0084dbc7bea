"""Reads of the working groups: what a user may see (WorkingGroup.objects.visible_to: the
plan office and the assembly the zone's groups, an operator the groups their organisation
is a member of, a staff user the groups they sit in) and the content of a group's page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import (
    GroupMeeting,
    GroupMember,
    MeetingAttendance,
    OperatingProgramme,
    ProgrammeAction,
    WorkingGroup,
)


def groups_for(user, *, line=None) -> QuerySet[WorkingGroup]:
    rows = (
        WorkingGroup.objects.visible_to(user)
        .select_related("line")
        .annotate(
            member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
            meeting_count=Count("meetings", distinct=True),
        )
        .order_by("line__position", "line__code", "name")
    )
    if line is not None:
        rows = rows.filter(line=line)
    return rows


def group_get(*, user, uuid) -> WorkingGroup | None:
    return WorkingGroup.objects.visible_to(user).filter(uuid=uuid).select_related("line").first()


def meeting_get(*, user, uuid) -> GroupMeeting | None:
    return (
        GroupMeeting.objects.visible_to(user)
        .filter(uuid=uuid)
        .select_related("group", "group__line", "recorded_by")
        .first()
    )


def programme_get(*, user, uuid) -> OperatingProgramme | None:
    return (
        OperatingProgramme.objects.visible_to(user)
        .filter(uuid=uuid)
        .select_related("group", "group__line", "agreed_at")
        .first()
    )


def members_of(group: WorkingGroup, *, current_only: bool = False) -> list[GroupMember]:
    rows = group.members.select_related("organisation", "user").order_by(
        "left_on", "-role", "organisation__name", "user__last_name", "pk"
    )
    if current_only:
        rows = rows.filter(left_on__isnull=True)
    return list(rows)


def meetings_of(group: WorkingGroup) -> QuerySet[GroupMeeting]:
    return group.meetings.annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True)),
        member_count=Count("attendance"),
    ).order_by("-held_on", "-pk")


def attendance_of(meeting: GroupMeeting) -> list[MeetingAttendance]:
    return list(
        meeting.attendance.select_related("member__organisation", "member__user").order_by(
            "-present", "member__organisation__name", "member__user__last_name", "pk"
        )
    )


def programmes_of(group: WorkingGroup) -> QuerySet[OperatingProgramme]:
    return group.programmes.prefetch_related(
        Prefetch(
            "actions",
            queryset=ProgrammeAction.objects.select_related("responsible", "plan_action").order_by(
                "code"
            ),
        )
    ).order_by("-period_start", "pk")


def actions_of(programme: OperatingProgramme) -> list[ProgrammeAction]:
    return list(programme.actions.select_related("responsible", "plan_action", "plan_action__plan"))
