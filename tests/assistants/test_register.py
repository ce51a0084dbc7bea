"""The plan office enrols a worker: application, checks, training, enrolment, suspension."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ambito.assistants.choices import CheckKind, WorkerState
from ambito.assistants.models import Worker, WorkerCheck, WorkerStateChange
from ambito.assistants.services import register as services
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed

pytestmark = pytest.mark.django_db


def _apply(planner, municipality_a, **extra):
    return services.worker_create(
        actor=planner,
        first_name=" Oksana ",
        last_name="Kovalenko",
        kind="care",
        municipalities=[municipality_a],
        languages=["uk", "it"],
        weekly_hours=40,
        needs_residence_permit=True,
        **extra,
    )


def test_an_application_is_recorded_with_its_availability_and_audited(planner, municipality_a):
    worker = _apply(planner, municipality_a)
    assert worker.state == WorkerState.APPLICATION
    assert worker.first_name == "Oksana"
    assert set(worker.languages.values_list("language", flat=True)) == {"uk", "it"}
    assert list(worker.municipalities.all()) == [municipality_a]
    event = EventLog.objects.get(object_uuid=worker.uuid)
    assert event.fields == ["*"]


def test_bad_input_is_refused_all_at_once_in_italian_and_nothing_is_written(
    planner, municipality_other_zone
):
    with pytest.raises(ValidationError) as error:
        services.worker_create(
            actor=planner,
            first_name="",
            last_name="X",
            kind="gardener",
            weekly_hours=200,
            email="non-una-email",
            municipalities=[municipality_other_zone],
            languages=["klingon"],
        )
    messages = error.value.message_dict
    assert set(messages) == {
        "first_name",
        "kind",
        "weekly_hours",
        "email",
        "municipalities",
        "languages",
    }
    assert messages["weekly_hours"] == ["Le ore settimanali vanno da 0 a 168."]
    assert not Worker.objects.exists()


def test_entering_checks_opens_the_checks_the_worker_needs(planner, municipality_a):
    worker = _apply(planner, municipality_a)
    services.worker_set_state(actor=planner, worker=worker, state=WorkerState.CHECKS)
    kinds = set(WorkerCheck.objects.filter(worker=worker).values_list("kind", flat=True))
    assert kinds == {
        CheckKind.DOCUMENT,
        CheckKind.RESIDENCE_PERMIT,
        CheckKind.CRIMINAL_RECORD,
        CheckKind.REFERENCES,
    }


def test_enrolment_needs_every_check_passed_and_a_completed_course(planner, municipality_a):
    worker = _apply(planner, municipality_a)
    services.worker_set_state(actor=planner, worker=worker, state=WorkerState.CHECKS)
    with pytest.raises(ValidationError) as error:
        services.worker_set_state(actor=planner, worker=worker, state=WorkerState.ENROLLED)
    text = error.value.message_dict["state"][0]
    assert "Permesso di soggiorno" in text and "nessun corso" in text
    worker.refresh_from_db()
    assert worker.state == WorkerState.CHECKS and worker.enrolled_on is None

    for kind in services.required_checks(worker):
        services.check_record(
            actor=planner, worker=worker, kind=kind, outcome="passed", checked_on=date(2024, 3, 1)
        )
    services.training_add(
        actor=planner,
        worker=worker,
        course="Assistente familiare",
        hours=160,
        completed_on=date(2024, 2, 20),
    )
    services.worker_set_state(actor=planner, worker=worker, state=WorkerState.ENROLLED)
    worker.refresh_from_db()
    assert worker.state == WorkerState.ENROLLED and worker.enrolled_on is not None
    assert list(
        WorkerStateChange.objects.filter(worker=worker).values_list("to_state", flat=True)
    ) == ["application", "checks", "enrolled"]


def test_a_suspension_needs_a_reason_and_a_removed_worker_stays_removed(planner, listed):
    with pytest.raises(ValidationError) as error:
        services.worker_set_state(actor=planner, worker=listed, state=WorkerState.SUSPENDED)
    assert "motivo" in error.value.message_dict["reason"][0]
    services.worker_set_state(
        actor=planner, worker=listed, state=WorkerState.REMOVED, reason="Trasferita"
    )
    with pytest.raises(ValidationError) as error:
        services.worker_set_state(actor=planner, worker=listed, state=WorkerState.ENROLLED)
    assert "non si passa" in error.value.message_dict["state"][0]


def test_a_check_with_an_outcome_needs_its_date(planner, listed):
    with pytest.raises(ValidationError) as error:
        services.check_record(actor=planner, worker=listed, kind="references", outcome="passed")
    assert error.value.message_dict == {"checked_on": ["Indica la data della verifica."]}
    assert not WorkerCheck.objects.exists()


def test_only_the_register_managers_enrol(front_office, social_worker_a, municipality_a, listed):
    for user in (front_office, social_worker_a):
        with pytest.raises(NotAllowed):
            services.worker_create(actor=user, first_name="A", last_name="B", kind="care")
        with pytest.raises(NotAllowed):
            services.worker_set_state(
                actor=user, worker=listed, state=WorkerState.SUSPENDED, reason="x"
            )


def test_a_manager_of_another_zone_does_not_see_the_worker(listed, zone_b):
    from tests.factories import UserFactory

    other = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    with pytest.raises(NotAllowed) as refused:
        services.worker_set_state(
            actor=other, worker=listed, state=WorkerState.SUSPENDED, reason="x"
        )
    assert refused.value.hide
