"""Reviews of the project's objectives and EEMM meetings."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ambito.cases import selectors, services
from ambito.cases.models import EemmMember, EemmTeam
from tests.cases.test_project import version

pytestmark = pytest.mark.django_db


@pytest.fixture
def eemm_case(assigned_case, social_worker_a):
    case = services.case_transition(
        actor=social_worker_a, case=assigned_case, name="start_pre_assessment"
    )
    services.pre_assessment_record(
        actor=social_worker_a,
        case=case,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "y",
            "outcome": "complex",
        },
    )
    return services.case_transition(actor=social_worker_a, case=case, name="to_eemm")


@pytest.fixture
def team(zone_a, social_worker_a):
    team = EemmTeam.objects.create(zone=zone_a, name="EEMM Pistoia")
    for name, role in [("Anna Rossi", "social_worker"), ("Luca Neri", "cpi"), ("Sara Blu", "tutor"),
                       ("Dott. Verdi", "serd")]:  # fmt: skip
        EemmMember.objects.create(team=team, name=name, institution="Ente", role=role)
    return team


def test_a_review_gives_an_outcome_to_every_objective(eemm_case, social_worker_a):
    project = version(eemm_case, social_worker_a, "Casa", "Lavoro")
    objectives = list(project.objectives.all())
    with pytest.raises(ValidationError, match="ogni obiettivo"):
        services.review_record(
            actor=social_worker_a,
            case=eemm_case,
            kind="during",
            held_on=timezone.localdate(),
            outcomes={objectives[0].pk: "achieved"},
        )
    review = services.review_record(
        actor=social_worker_a,
        case=eemm_case,
        kind="during",
        held_on=timezone.localdate(),
        outcomes={objectives[0].pk: "achieved", objectives[1].pk: "partly"},
    )
    assert sorted(review.outcomes.values_list("outcome", flat=True)) == ["achieved", "partly"]


def test_a_review_needs_a_project(eemm_case, social_worker_a):
    with pytest.raises(ValidationError, match="Scrivi prima il progetto"):
        services.review_record(
            actor=social_worker_a,
            case=eemm_case,
            kind="entry",
            held_on=timezone.localdate(),
            outcomes={},
        )


def test_an_eemm_meeting_records_attendance_cases_and_decisions(eemm_case, social_worker_a, team):
    members = list(team.members.all())
    meeting = services.eemm_meeting_record(
        actor=social_worker_a,
        team=team,
        held_on=timezone.localdate(),
        place="Sede SdS",
        attendees=members[:3],
        cases=[eemm_case],
        minutes="Discussa la situazione abitativa.",
        decisions="Attivare il contributo affitto e il SERD.",
    )
    assert meeting.attendees.count() == 3 and list(meeting.cases.all()) == [eemm_case]
    page = selectors.case_page(user=social_worker_a, case=eemm_case)
    assert [m.pk for m in page["meetings"]] == [meeting.pk]
    durations = {d.label: d for d in page["durations"]}
    assert (
        durations["Dall'analisi preliminare alla valutazione multidimensionale"].working_days
        is not None
    )


def test_a_meeting_needs_attendees_minutes_and_only_ones_own_cases(
    eemm_case, social_worker_b, social_worker_a, team, zone_b
):
    with pytest.raises(ValidationError) as exc:
        services.eemm_meeting_record(
            actor=social_worker_a, team=team, held_on=timezone.localdate(), place="",
            attendees=[], cases=[], minutes="", decisions="",
        )  # fmt: skip
    assert set(exc.value.message_dict) == {"attendees", "minutes", "decisions"}
    with pytest.raises(ValidationError, match="solo cartelle che segui"):
        services.eemm_meeting_record(
            actor=social_worker_b, team=team, held_on=timezone.localdate(), place="",
            attendees=list(team.members.all()), cases=[eemm_case], minutes="m", decisions="d",
        )  # fmt: skip
    other_team = EemmTeam.objects.create(zone=zone_b, name="Altra")
    with pytest.raises(PermissionDenied):
        services.eemm_meeting_record(
            actor=social_worker_a, team=other_team, held_on=timezone.localdate(), place="",
            attendees=[], cases=[], minutes="m", decisions="d",
        )  # fmt: skip


def test_the_team_page_records_a_meeting(client, eemm_case, social_worker_a, team):
    client.force_login(social_worker_a)
    url = f"/cartelle/equipe-multidisciplinari/{team.uuid}/"
    html = client.get(url).content.decode()
    assert eemm_case.number in html
    member = team.members.first()
    response = client.post(
        url,
        {"held_on": timezone.localdate().isoformat(), "attendees": [member.pk],
         "cases": [eemm_case.pk], "minutes": "Verbale", "decisions": "Decisione"},
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get(f"/cartelle/{eemm_case.uuid}/").content.decode()
    assert "EEMM Pistoia" in html and "Decisione" in html
