"""Who sees a case: the team, the coordinators of its municipality, the zone administrator;
anyone else only with a stated reason, logged and flagged; health entries only to health
professionals."""

import pytest
from django.core.exceptions import PermissionDenied

from ambito.cases import selectors, services
from ambito.cases.models import Case
from ambito.core.models import AccessLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Case.objects.visible_to(user).values_list("number", flat=True))


def test_the_team_the_coordinator_and_the_zone_admin_see_the_case(
    assigned_case, social_worker_a, coordinator, zone_admin, tutor
):
    assert assigned_case.number in visible(social_worker_a)  # case manager
    assert assigned_case.number in visible(coordinator)  # municipality A is theirs
    assert assigned_case.number in visible(zone_admin)
    assert assigned_case.number not in visible(tutor)
    services.member_add(actor=social_worker_a, case=assigned_case, user=tutor, role="tutor")
    assert assigned_case.number in visible(tutor)


def test_others_do_not_see_it(
    assigned_case, social_worker_b, social_worker_other_zone, planner, front_office, zone_b
):
    coordinator_b = UserFactory(zone=assigned_case.zone, roles=["coordinator"])
    for user in (social_worker_b, social_worker_other_zone, planner, front_office, coordinator_b):
        assert visible(user) == set(), user.username


def test_break_the_glass_is_logged_flagged_and_read_only(assigned_case, social_worker_b):
    assert selectors.case_out_of_scope(user=social_worker_b, number=assigned_case.number)
    with pytest.raises(PermissionDenied):
        selectors.case_get_with_reason(
            user=social_worker_b, uuid=assigned_case.uuid, reason="perché"
        )
    case = selectors.case_get_with_reason(
        user=social_worker_b, uuid=assigned_case.uuid, reason="Sostituzione per ferie della collega"
    )
    log = AccessLog.objects.get(user=social_worker_b, flagged=True)
    assert log.reason == "Sostituzione per ferie della collega" and log.person == case.person
    assert not services.may_write(social_worker_b, case)
    with pytest.raises(PermissionDenied):
        services.diary_add(actor=social_worker_b, case=case, data={"kind": "note", "text": "x"})


def test_another_zone_cannot_break_the_glass(assigned_case, social_worker_other_zone):
    assert (
        selectors.case_out_of_scope(user=social_worker_other_zone, number=assigned_case.number)
        is None
    )
    with pytest.raises(Case.DoesNotExist):
        selectors.case_get_with_reason(
            user=social_worker_other_zone,
            uuid=assigned_case.uuid,
            reason="Voglio solo dare un'occhiata",
        )


def test_health_entries_only_for_health_professionals(assigned_case, social_worker_a, specialist):
    services.member_add(
        actor=social_worker_a, case=assigned_case, user=specialist, role="specialist"
    )
    services.diary_add(
        actor=specialist,
        case=assigned_case,
        data={"kind": "interview", "text": "Terapia in corso al SERD", "health": True},
    )
    services.diary_add(
        actor=social_worker_a, case=assigned_case, data={"kind": "call", "text": "Telefonata"}
    )
    for_specialist = selectors.case_page(user=specialist, case=assigned_case)
    for_social_worker = selectors.case_page(user=social_worker_a, case=assigned_case)
    assert len(for_specialist["diary"]) == 2
    assert [e.text for e in for_social_worker["diary"]] == ["Telefonata"]
    assert for_social_worker["hidden_health_entries"] == 1
    with pytest.raises(Exception, match="professionisti sanitari"):
        services.diary_add(
            actor=social_worker_a,
            case=assigned_case,
            data={"kind": "note", "text": "Diagnosi", "health": True},
        )


def test_reading_a_case_is_logged_with_its_person(assigned_case, social_worker_a):
    selectors.case_get(user=social_worker_a, uuid=assigned_case.uuid)
    assert AccessLog.objects.filter(
        user=social_worker_a, object_uuid=assigned_case.uuid, person=assigned_case.person
    ).exists()


def test_only_the_coordinators_of_the_municipality_assign(
    case_a, social_worker_a, social_worker_b, coordinator
):
    coordinator_b = UserFactory(
        zone=case_a.zone,
        roles=["coordinator"],
        municipalities=[social_worker_b.municipalities.get()],
    )
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=coordinator_b, case=case_a, manager=social_worker_a)
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=social_worker_a, case=case_a, manager=social_worker_a)
    case = services.case_assign(actor=coordinator, case=case_a, manager=social_worker_a)
    case = services.case_assign(actor=coordinator, case=case, manager=social_worker_b)
    assert case.case_manager == social_worker_b
    assert case.status == "assigned"
    assert [m.user for m in case.members.filter(removed_at__isnull=True)] == [social_worker_b]
    assert list(case.transitions.values_list("name", flat=True)) == ["open", "assign", "reassign"]
