"""Candidatures: an adherent applies to a line of its zone's pact; the plan office reviews,
accepts or rejects (with a reason), activates and ends; the organisation edits while it is
examined and may withdraw. Every transition is recorded."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.network import workflow
from ambito.network.models import Candidature, CandidatureTransition
from ambito.network.services import candidatures as services
from ambito.network.services import pact as pact_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def adhesion_a(planner, pact, body_a):
    return pact_services.adhesion_sign(
        actor=planner,
        pact=pact,
        organisation=body_a,
        signed_on=dt.date(2026, 2, 1),
        signatory="Legale rappresentante",
    )


@pytest.fixture
def adhesion_b(planner, pact, body_b):
    return pact_services.adhesion_sign(
        actor=planner,
        pact=pact,
        organisation=body_b,
        signed_on=dt.date(2026, 2, 1),
        signatory="Legale rappresentante",
    )


def submit(actor, line, organisation, **extra):
    data = {
        "people": 3,
        "hours_per_month": "20,5",
        "premises": "Sala riunioni",
        "vehicles": 1,
        "money": "1500.00",
        "contribution": "Apertura di uno sportello informativo due pomeriggi a settimana.",
        "proposed_role": "Partner operativo",
        **extra,
    }
    return services.candidature_submit(actor=actor, line=line, organisation=organisation, **data)


@pytest.fixture
def candidature_a(operator_a, line_1, body_a, adhesion_a):
    return submit(operator_a, line_1, body_a)


def move(actor, candidature, to_state, **extra):
    return services.candidature_transition(
        actor=actor, candidature=candidature, to_state=to_state, **extra
    )


def test_an_adherent_applies_to_a_line_with_its_resources(candidature_a, operator_a):
    assert candidature_a.state == "submitted"
    assert str(candidature_a.hours_per_month) == "20.5"
    assert candidature_a.submitted_by == operator_a
    assert EventLog.objects.filter(object_uuid=candidature_a.uuid, action="create").exists()


def test_a_candidature_to_a_line_of_another_zone_is_refused_and_nothing_is_written(
    operator_a, body_a, adhesion_a, line_other_zone
):
    with pytest.raises(ValidationError) as exc_info:
        submit(operator_a, line_other_zone, body_a)
    assert "non è del patto di questo ambito" in " ".join(exc_info.value.message_dict["line"])
    assert not Candidature.objects.exists()
    assert not EventLog.objects.filter(object_type="network.candidature").exists()


def test_without_an_adhesion_to_the_pact_there_is_no_candidature(operator_b, line_1, body_b):
    with pytest.raises(ValidationError) as exc_info:
        submit(operator_b, line_1, body_b)
    assert "sottoscrizione è condizione" in " ".join(exc_info.value.messages)
    assert not Candidature.objects.exists()


def test_after_withdrawing_from_the_pact_the_body_cannot_apply(
    operator_a, planner, line_1, body_a, adhesion_a
):
    pact_services.adhesion_withdraw(
        actor=planner, adhesion=adhesion_a, withdrawn_on=dt.date(2026, 3, 1), reason="Recesso"
    )
    with pytest.raises(ValidationError):
        submit(operator_a, line_1, body_a)


def test_negative_resources_are_refused_all_at_once(operator_a, line_1, body_a, adhesion_a):
    with pytest.raises(ValidationError) as exc_info:
        submit(operator_a, line_1, body_a, hours_per_month="-4", money="-1", contribution="")
    errors = exc_info.value.message_dict
    assert "negativo" in " ".join(errors["hours_per_month"])
    assert "negativo" in " ".join(errors["money"])
    assert "contribution" in errors
    assert not Candidature.objects.exists()


def test_one_open_candidature_per_organisation_and_line(
    candidature_a, operator_a, line_1, line_2, body_a
):
    with pytest.raises(ValidationError) as exc_info:
        submit(operator_a, line_1, body_a)
    assert "ha già una candidatura" in " ".join(exc_info.value.messages)
    assert submit(operator_a, line_2, body_a).line == line_2


def test_an_operator_cannot_apply_for_another_organisation(operator_a, line_1, body_b, adhesion_b):
    with pytest.raises(NotAllowed) as exc_info:
        submit(operator_a, line_1, body_b)
    assert exc_info.value.hide


def test_the_whole_lifecycle_is_recorded_transition_by_transition(candidature_a, planner):
    move(planner, candidature_a, "under_review")
    move(planner, candidature_a, "accepted", reason="Coerente con la linea")
    move(planner, candidature_a, "active", on=dt.date(2026, 4, 1))
    ended = move(planner, candidature_a, "ended", on=dt.date(2026, 11, 30))
    assert ended.state == "ended"
    assert ended.active_from == dt.date(2026, 4, 1)
    assert ended.ended_on == dt.date(2026, 11, 30)
    assert ended.reviewed_by == planner
    steps = list(
        CandidatureTransition.objects.filter(candidature=ended).values_list(
            "from_state", "to_state"
        )
    )
    assert steps == [
        ("submitted", "under_review"),
        ("under_review", "accepted"),
        ("accepted", "active"),
        ("active", "ended"),
    ]
    assert EventLog.objects.filter(object_uuid=ended.uuid, action="update").count() == 4


def test_a_rejection_needs_a_reason(candidature_a, planner):
    move(planner, candidature_a, "under_review")
    with pytest.raises(ValidationError) as exc_info:
        move(planner, candidature_a, "rejected")
    assert "motivo" in " ".join(exc_info.value.messages)
    rejected = move(planner, candidature_a, "rejected", reason="Risorse non adeguate")
    assert rejected.decision_reason == "Risorse non adeguate"
    assert rejected.state == "rejected"


def test_transitions_outside_the_table_are_refused(candidature_a, planner):
    with pytest.raises(ValidationError) as exc_info:
        move(planner, candidature_a, "active")
    assert "non può passare" in " ".join(exc_info.value.messages)
    with pytest.raises(ValidationError):
        move(planner, candidature_a, "ended")
    candidature_a.refresh_from_db()
    assert candidature_a.state == "submitted"
    assert not CandidatureTransition.objects.exists()


def test_the_organisation_withdraws_but_does_not_decide(candidature_a, operator_a, planner):
    with pytest.raises(NotAllowed):
        move(operator_a, candidature_a, "under_review")
    with pytest.raises(NotAllowed):
        move(planner, candidature_a, "withdrawn")
    move(planner, candidature_a, "under_review")
    withdrawn = move(operator_a, candidature_a, "withdrawn", reason="Cambio di programma")
    assert withdrawn.state == "withdrawn"


def test_an_accepted_candidature_can_no_longer_be_withdrawn_by_the_organisation(
    candidature_a, operator_a, planner
):
    move(planner, candidature_a, "under_review")
    move(planner, candidature_a, "accepted")
    with pytest.raises(ValidationError):
        move(operator_a, candidature_a, "withdrawn")


def test_another_organisation_does_not_see_the_candidature(candidature_a, operator_b):
    with pytest.raises(NotAllowed) as exc_info:
        move(operator_b, candidature_a, "withdrawn")
    assert exc_info.value.hide
    with pytest.raises(NotAllowed) as exc_info:
        services.candidature_update(
            actor=operator_b, candidature=candidature_a, revision=1, people=1
        )
    assert exc_info.value.hide


def test_the_assembly_reads_but_cannot_decide(candidature_a, assembly_member):
    assert Candidature.objects.visible_to(assembly_member).filter(pk=candidature_a.pk).exists()
    with pytest.raises(NotAllowed):
        move(assembly_member, candidature_a, "under_review")


def test_an_end_date_in_the_future_or_before_activation_is_refused(candidature_a, planner):
    move(planner, candidature_a, "under_review")
    move(planner, candidature_a, "accepted")
    move(planner, candidature_a, "active", on=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError):
        move(planner, candidature_a, "ended", on=dt.date(2026, 4, 1))
    with pytest.raises(ValidationError):
        move(planner, candidature_a, "ended", on=timezone.localdate() + dt.timedelta(days=3))
    candidature_a.refresh_from_db()
    assert candidature_a.state == "active"


def test_the_organisation_edits_while_it_is_examined(candidature_a, operator_a):
    updated = services.candidature_update(
        actor=operator_a, candidature=candidature_a, revision=1, people=5, premises=""
    )
    assert updated.people == 5
    assert updated.revision == 2
    event = EventLog.objects.filter(object_uuid=candidature_a.uuid, action="update").get()
    assert event.fields == ["people", "premises"]


def test_an_edit_made_on_an_older_revision_is_refused(candidature_a, operator_a):
    services.candidature_update(actor=operator_a, candidature=candidature_a, revision=1, people=4)
    with pytest.raises(ValidationError) as exc_info:
        services.candidature_update(
            actor=operator_a, candidature=candidature_a, revision=1, people=9
        )
    assert "modificata da un altro utente" in " ".join(exc_info.value.messages)
    candidature_a.refresh_from_db()
    assert candidature_a.people == 4


def test_an_accepted_candidature_is_no_longer_edited(candidature_a, operator_a, planner):
    move(planner, candidature_a, "under_review")
    accepted = move(planner, candidature_a, "accepted")
    with pytest.raises(ValidationError):
        services.candidature_update(
            actor=operator_a, candidature=accepted, revision=accepted.revision, people=1
        )


def test_the_plan_office_does_not_edit_what_the_organisation_declared(candidature_a, planner):
    with pytest.raises(NotAllowed):
        services.candidature_update(actor=planner, candidature=candidature_a, revision=1, people=1)


def test_the_workflow_table_offers_the_office_and_the_organisation_their_buttons():
    assert [t.name for t in workflow.allowed_from("under_review", by=workflow.OFFICE)] == [
        "accept",
        "reject",
    ]
    assert [t.name for t in workflow.allowed_from("submitted", by=workflow.ORGANISATION)] == [
        "withdraw"
    ]
    assert workflow.allowed_from("ended") == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
def test_two_identical_candidatures_at_the_same_moment_make_one_row_and_one_italian_refusal(
    operator_a, line_1, body_a, adhesion_a
):
    barrier = threading.Barrier(2)
    made, refused, failures = [], [], []

    def apply():
        try:
            barrier.wait()
            made.append(submit(operator_a, line_1, body_a))
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # pragma: no cover - what the test would report
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=apply) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(made) == 1 and len(refused) == 1
    assert "ha già una candidatura" in " ".join(refused[0].messages)
    assert Candidature.objects.count() == 1
