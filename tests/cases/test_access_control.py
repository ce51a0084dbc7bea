"""Issue 14: the pages of the pathway that name persons write one AccessLog row per person
shown; the permission questions go through core.permissions and cases/rules.py; a case or
team outside the scope is a 404, a business refusal a message."""

import pytest
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import Case, EemmTeam, Task
from ambito.core.models import AccessLog
from ambito.core.permissions import NotAllowed, allowed
from tests.cases.test_reviews_eemm import eemm_case, team  # noqa: F401
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def logged(user, person, object_type="cases.case"):
    return AccessLog.objects.filter(user=user, person=person, object_type=object_type)


def test_my_work_logs_the_persons_of_the_cases_shown(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    html = client.get("/cartelle/").content.decode()
    assert assigned_case.person.last_name in html
    assert logged(social_worker_a, assigned_case.person).exists()


def test_the_assignment_queue_logs_the_persons_waiting(client, case_a, coordinator):
    client.force_login(coordinator)
    html = client.get("/cartelle/assegnazione/").content.decode()
    assert case_a.person.last_name in html
    assert logged(coordinator, case_a.person).exists()


@pytest.mark.parametrize("section", ["scheda-a", "scheda-b", "progetto"])
def test_the_section_pages_log_the_read(client, assigned_case, social_worker_a, section):
    client.force_login(social_worker_a)
    response = client.get(f"/cartelle/{assigned_case.uuid}/{section}/")
    assert response.status_code == 200
    row = logged(social_worker_a, assigned_case.person).get()
    assert row.object_uuid == assigned_case.uuid and row.detail == {"section": section}


def test_a_section_page_of_a_case_outside_the_scope_is_a_404(
    client, assigned_case, social_worker_b
):
    client.force_login(social_worker_b)
    assert client.get(f"/cartelle/{assigned_case.uuid}/scheda-a/").status_code == 404
    assert not AccessLog.objects.filter(user=social_worker_b).exists()


def test_the_eemm_page_logs_the_persons_its_form_lists(
    client,
    eemm_case,  # noqa: F811
    team,  # noqa: F811
    social_worker_a,
):
    client.force_login(social_worker_a)
    html = client.get(f"/cartelle/equipe-multidisciplinari/{team.uuid}/").content.decode()
    assert eemm_case.person.last_name in html
    assert logged(social_worker_a, eemm_case.person).exists()


def test_another_zones_team_is_a_404(client, social_worker_a, zone_b):
    other = EemmTeam.objects.create(zone=zone_b, name="Altra")
    client.force_login(social_worker_a)
    assert client.get(f"/cartelle/equipe-multidisciplinari/{other.uuid}/").status_code == 404
    assert other not in EemmTeam.objects.visible_to(social_worker_a)
    with pytest.raises(NotAllowed) as refused:
        services.eemm_meeting_record(
            actor=social_worker_a, team=other, held_on=timezone.localdate(), place="",
            attendees=[], cases=[], minutes="m", decisions="d",
        )  # fmt: skip
    assert refused.value.hide


def test_the_rules_mirror_the_team_and_the_coordinators(
    assigned_case, social_worker_a, social_worker_b, coordinator, zone_admin
):
    for user in (social_worker_a, coordinator, zone_admin):
        assert allowed(user, "cases.write_case", assigned_case), user.username
    assert not allowed(social_worker_b, "cases.write_case", assigned_case)
    municipality = assigned_case.municipality
    assert allowed(coordinator, "cases.assign_case_of", municipality)
    assert allowed(zone_admin, "cases.assign_case_of", municipality)
    assert not allowed(social_worker_a, "cases.assign_case_of", municipality)
    coordinator_b = UserFactory(
        zone=assigned_case.zone,
        roles=["coordinator"],
        municipalities=[social_worker_b.municipalities.get()],
    )
    assert not allowed(coordinator_b, "cases.assign_case_of", municipality)


def test_a_write_outside_the_scope_is_hidden_and_a_business_refusal_is_not(
    assigned_case, social_worker_a, social_worker_b
):
    with pytest.raises(NotAllowed) as hidden:
        services.diary_add(
            actor=social_worker_b, case=assigned_case, data={"kind": "note", "text": "x"}
        )
    assert hidden.value.hide and hidden.value.status_code == 404
    with pytest.raises(NotAllowed) as refused:
        services.case_assign(actor=social_worker_a, case=assigned_case, manager=social_worker_b)
    assert not refused.value.hide
    assert refused.value.message == "Non puoi assegnare le cartelle di questo comune."


def test_a_post_on_a_case_outside_the_scope_is_a_404(client, assigned_case, social_worker_b):
    client.force_login(social_worker_b)
    response = client.post(
        f"/cartelle/{assigned_case.uuid}/diario/", {"kind": "note", "text": "Nota"}
    )
    assert response.status_code == 404


def test_tasks_are_seen_with_their_case(assigned_case, social_worker_a, social_worker_b):
    task = services.task_create(
        actor=social_worker_a, case=assigned_case, title="Visita", due_on=timezone.localdate()
    )
    assert list(Task.objects.visible_to(social_worker_a)) == [task]
    assert not Task.objects.visible_to(social_worker_b).exists()
    assert Case.objects.visible_to(social_worker_a).count() == 1
