"""Working groups through their services: groups of a line of the zone's pact, members
(an organisation or a zone user, exactly one), meetings with the attendance of every
current member, the operating programme agreed with actions linked to plan actions of the
zone. Bad input is refused in Italian and leaves nothing written; every write is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network.models import GroupMeeting, GroupMember, ProgrammeAction, WorkingGroup
from ambito.network.services import groups as services
from ambito.planning import services as planning
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

CREATED = dt.date(2026, 1, 15)


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def group(planner, line_1):
    return services.group_create(
        actor=planner,
        line=line_1,
        name="Tavolo segretariato sociale",
        kind="table",
        purpose="Coordinare i punti informativi",
        created_on=CREATED,
    )


@pytest.fixture
def members(planner, group, body_a, body_b):
    coordinator = services.group_member_add(
        actor=planner, group=group, organisation=body_a, role="coordinator", joined_on=CREATED
    )
    member = services.group_member_add(
        actor=planner, group=group, organisation=body_b, role="member", joined_on=CREATED
    )
    return coordinator, member


@pytest.fixture
def plan_action(planner):
    plan = planning.plan_create(
        actor=planner,
        kind="zone_plan",
        title="Piano di zona di prova",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2028, 12, 31),
    )
    objective = planning.objective_add(actor=planner, plan=plan, code="O1", title="Accesso")
    return planning.action_save(
        actor=planner, objective=objective, data={"code": "a1", "title": "Sportello unico"}
    )


@pytest.fixture
def plan_action_other_zone(planner_other_zone):
    plan = planning.plan_create(
        actor=planner_other_zone,
        kind="zone_plan",
        title="Piano di un altro ambito",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2028, 12, 31),
    )
    objective = planning.objective_add(
        actor=planner_other_zone, plan=plan, code="O1", title="Accesso"
    )
    return planning.action_save(
        actor=planner_other_zone, objective=objective, data={"code": "a1", "title": "Altro"}
    )


def test_the_plan_office_creates_a_group_of_a_line_of_its_pact(group, line_1):
    assert group.line == line_1 and group.zone_id == line_1.plan.zone_id
    assert EventLog.objects.filter(object_uuid=group.uuid, action="create").exists()


def test_a_group_on_a_line_of_another_zone_is_refused_and_nothing_is_written(
    planner, line_other_zone
):
    with pytest.raises(ValidationError) as error:
        services.group_create(
            actor=planner, line=line_other_zone, name="Gruppo", kind="table", created_on=CREATED
        )
    assert "non è del patto di questo ambito" in str(error.value)
    assert not WorkingGroup.objects.exists()


def test_an_operator_cannot_create_a_group(operator_a, line_1):
    with pytest.raises(NotAllowed):
        services.group_create(
            actor=operator_a, line=line_1, name="Gruppo", kind="table", created_on=CREATED
        )


def test_a_member_is_an_organisation_or_a_user_never_both(planner, group, body_a, social_worker_a):
    with pytest.raises(ValidationError) as error:
        services.group_member_add(
            actor=planner, group=group, organisation=body_a, user=social_worker_a,
            role="member", joined_on=CREATED,
        )  # fmt: skip
    assert "uno dei due" in str(error.value)
    with pytest.raises(ValidationError):
        services.group_member_add(actor=planner, group=group, role="member", joined_on=CREATED)
    staff = services.group_member_add(
        actor=planner, group=group, user=social_worker_a, role="member", joined_on=CREATED
    )
    assert staff.user == social_worker_a and staff.organisation is None


def test_an_organisation_of_another_zone_or_a_second_time_is_refused(
    planner, group, members, body_a, zone_b
):
    other = OrganisationFactory(zone=zone_b, kind="third_sector", name="Ente lontano")
    with pytest.raises(ValidationError) as error:
        services.group_member_add(
            actor=planner, group=group, organisation=other, role="member", joined_on=CREATED
        )
    assert "non è di questo ambito" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.group_member_add(
            actor=planner, group=group, organisation=body_a, role="member", joined_on=CREATED
        )
    assert "fa già parte" in str(error.value)
    assert group.members.count() == 2


def test_a_user_of_another_zone_is_refused(planner, group, planner_other_zone):
    with pytest.raises(ValidationError) as error:
        services.group_member_add(
            actor=planner, group=group, user=planner_other_zone, role="member", joined_on=CREATED
        )
    assert "non lavora in questo ambito" in str(error.value)


def test_a_member_leaves_and_is_no_longer_in_the_attendance(planner, group, members):
    _, member = members
    services.group_member_remove(actor=planner, member=member, left_on=yesterday())
    meeting = services.meeting_record(
        actor=planner, group=group, held_on=yesterday(), place="Sede", agenda="",
        minutes="", present_members=[],
    )  # fmt: skip
    assert list(meeting.attendance.values_list("member__organisation__name", flat=True)) == [
        "Associazione Alfa (prova)"
    ]


def test_a_meeting_records_every_current_member_present_or_absent(planner, group, members):
    coordinator, member = members
    meeting = services.meeting_record(
        actor=planner,
        group=group,
        held_on=yesterday(),
        place="Sala del Comune",
        agenda="1. Calendario",
        minutes="Si concorda il calendario.",
        present_members=[coordinator],
    )
    attendance = dict(meeting.attendance.values_list("member_id", "present"))
    assert attendance == {coordinator.pk: True, member.pk: False}
    assert EventLog.objects.filter(object_uuid=meeting.uuid, action="create").exists()


def test_a_meeting_in_the_future_is_refused_and_nothing_is_written(planner, group, members):
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=planner, group=group, held_on=timezone.localdate() + dt.timedelta(days=3),
            place="", agenda="", minutes="", present_members=[],
        )  # fmt: skip
    assert "non può essere nel futuro" in str(error.value)
    assert not GroupMeeting.objects.exists()


def test_a_stranger_among_the_present_is_refused(planner, group, members, zone_a):
    outsider_member = GroupMember.objects.create(
        group=services.group_create(
            actor=planner, line=group.line, name="Altro", kind="table", created_on=CREATED
        ),
        organisation=OrganisationFactory(zone=zone_a, kind="third_sector", name="Gamma"),
        joined_on=CREATED,
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_record(
            actor=planner, group=group, held_on=yesterday(), place="", agenda="",
            minutes="", present_members=[outsider_member],
        )  # fmt: skip
    assert "non è componente" in str(error.value)


def test_the_coordinating_organisation_records_a_meeting_and_a_plain_member_may_not(
    group, members, operator_a, operator_b
):
    meeting = services.meeting_record(
        actor=operator_a, group=group, held_on=yesterday(), place="", agenda="",
        minutes="Verbale", present_members=[services.member_key(members[0])],
    )  # fmt: skip
    assert meeting.recorded_by == operator_a
    with pytest.raises(NotAllowed) as error:
        services.meeting_record(
            actor=operator_b, group=group, held_on=yesterday(), place="", agenda="",
            minutes="", present_members=[],
        )  # fmt: skip
    assert not error.value.hide


def test_an_operator_outside_the_group_gets_a_hidden_refusal(group, members, zone_a):
    stranger_body = OrganisationFactory(zone=zone_a, kind="third_sector", name="Delta")
    stranger = UserFactory(zone=zone_a, organisation=stranger_body, roles=["third_sector"])
    with pytest.raises(NotAllowed) as error:
        services.meeting_record(
            actor=stranger, group=group, held_on=yesterday(), place="", agenda="",
            minutes="", present_members=[],
        )  # fmt: skip
    assert error.value.hide


def test_the_minutes_are_updated_with_the_fields_that_changed_logged(planner, group, members):
    meeting = services.meeting_record(
        actor=planner, group=group, held_on=yesterday(), place="", agenda="",
        minutes="Bozza", present_members=[],
    )  # fmt: skip
    services.meeting_update_minutes(
        actor=planner, meeting=meeting, minutes="Verbale definitivo",
        present_members=[members[1]],
    )  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.minutes == "Verbale definitivo"
    assert meeting.attendance.get(member=members[1]).present
    update = EventLog.objects.get(object_uuid=meeting.uuid, action="update")
    assert update.fields == ["attendance", "minutes"]


def test_a_programme_is_agreed_with_actions_linked_to_a_plan_action_of_the_zone(
    planner, group, members, plan_action, body_a
):
    meeting = services.meeting_record(
        actor=planner, group=group, held_on=yesterday(), place="", agenda="",
        minutes="", present_members=[],
    )  # fmt: skip
    programme = services.programme_create(
        actor=planner, group=group, title="Programma 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.programme_agree(actor=planner, programme=programme, agreed_on=yesterday())
    assert "non ha azioni" in str(error.value)
    action = services.programme_action_save(
        actor=planner, programme=programme, code="A1", title="Mappa dei punti informativi",
        description="", responsible=body_a, due_on=dt.date(2026, 6, 30), status="planned",
        plan_action=plan_action,
    )  # fmt: skip
    assert action.plan_action == plan_action
    again = services.programme_action_save(
        actor=planner, programme=programme, code="A1", title="Mappa dei punti informativi",
        description="", responsible=body_a, due_on=dt.date(2026, 6, 30), status="ongoing",
        plan_action=plan_action,
    )  # fmt: skip
    assert again.pk == action.pk and again.status == "ongoing"
    assert EventLog.objects.get(object_uuid=action.uuid, action="update").fields == ["status"]
    agreed = services.programme_agree(
        actor=planner, programme=programme, agreed_on=meeting.held_on, meeting=meeting
    )
    assert agreed.status == "agreed" and agreed.agreed_at == meeting
    assert EventLog.objects.filter(object_uuid=programme.uuid, action="update").exists()


def test_an_action_linked_to_a_plan_action_of_another_zone_is_refused(
    planner, group, plan_action_other_zone
):
    programme = services.programme_create(
        actor=planner, group=group, title="Programma 2026",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.programme_action_save(
            actor=planner, programme=programme, code="A1", title="Azione", description="",
            status="planned", plan_action=plan_action_other_zone,
        )  # fmt: skip
    assert "L'azione del piano non è di questo ambito." in error.value.message_dict["plan_action"]
    assert not ProgrammeAction.objects.exists()


def test_a_programme_ending_before_it_starts_is_refused(planner, group):
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            actor=planner, group=group, title="Programma",
            period_start=dt.date(2026, 6, 1), period_end=dt.date(2026, 1, 1),
        )  # fmt: skip
    assert "non può precedere l'inizio" in str(error.value)
