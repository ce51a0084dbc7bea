"""Agreements (convenzioni): recorded, renewed and terminated by the plan office, with every
error at once in Italian and nothing written; their state of the day; the interventions
delivered under them as counts; the expiry warnings of the morning reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from ambito.catalog.models import InterventionType, Service
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.jobs.models import Notice
from ambito.jobs.scheduled import run_reminders
from ambito.network.models import Agreement
from ambito.network.selectors import agreements as selectors
from ambito.network.services import agreements as services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 6)


def make_service(zone, name):
    return Service.objects.create(
        zone=zone,
        name=name,
        slug=name.lower().replace(" ", "-"),
        short_description=f"Descrizione di {name}",
        status="published",
        published_at=timezone.now(),
    )


@pytest.fixture
def service_a(zone_a):
    return make_service(zone_a, "Trasporto sociale")


@pytest.fixture
def service_b(zone_b):
    return make_service(zone_b, "Trasporto di un altro ambito")


@pytest.fixture
def home_help():
    return InterventionType.objects.order_by("code").first()


def new_agreement(actor, organisation, number="CONV-1", **fields):
    values = {
        "kind": "volunteer",
        "subject": "Trasporto sociale per anziani",
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2026, 12, 31),
        "amount": Decimal("12000.00"),
    }
    values.update(fields)
    return services.agreement_create(
        actor=actor, organisation=organisation, number=number, **values
    )


@pytest.fixture
def agreement_a(planner, body_a, line_1, service_a):
    return new_agreement(planner, body_a, line=line_1, services=[service_a])


@pytest.fixture
def agreement_b(planner, body_b):
    return new_agreement(planner, body_b, number="CONV-B", kind="social_coop")


class _Context:
    def progress(self, *args, **kwargs):
        pass


def reminders_on(day: dt.date):
    with freeze_time(dt.datetime(day.year, day.month, day.day, 7, 0)):
        return run_reminders(_Context())


# --- create ------------------------------------------------------------------------------


def test_the_plan_office_records_an_agreement_with_its_services_and_an_audit_row(
    planner, body_a, line_1, service_a, home_help
):
    agreement = new_agreement(
        planner,
        body_a,
        line=line_1,
        services=[service_a],
        intervention_types=[home_help],
        reimbursement_ceiling="5000",
    )
    assert agreement.zone_id == planner.zone_id
    assert list(agreement.services.all()) == [service_a]
    assert list(agreement.intervention_types.all()) == [home_help]
    assert agreement.reimbursement_ceiling == Decimal("5000")
    event = EventLog.objects.get(object_uuid=agreement.uuid)
    assert event.action == "create" and event.user == planner


def test_an_agreement_ending_before_it_starts_is_refused_with_every_error_at_once(
    planner, body_a, service_b
):
    with pytest.raises(ValidationError) as error:
        new_agreement(
            planner,
            body_a,
            number="",
            starts_on=dt.date(2026, 6, 1),
            ends_on=dt.date(2026, 5, 31),
            amount="-1",
            reimbursement_ceiling="-5",
            services=[service_b],
        )
    messages = error.value.message_dict
    assert messages["ends_on"] == ["La convenzione non può terminare prima di iniziare."]
    assert messages["amount"] == ["L'importo non può essere negativo."]
    assert messages["reimbursement_ceiling"] == ["Il tetto dei rimborsi non può essere negativo."]
    assert "numero" in messages["number"][0]
    assert "servizi" in messages["services"][0]
    assert not Agreement.objects.exists()
    assert not EventLog.objects.filter(object_type="network.agreement").exists()


def test_a_number_already_used_in_the_zone_is_refused(planner, body_a, body_b, agreement_a):
    with pytest.raises(ValidationError) as error:
        new_agreement(planner, body_b, number="CONV-1")
    assert error.value.message_dict["number"] == [
        "Il numero CONV-1 è già usato da un'altra convenzione."
    ]
    assert Agreement.objects.count() == 1


def test_an_organisation_or_line_of_another_zone_is_refused(
    planner, planner_other_zone, line_other_zone, zone_b
):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(zone=zone_b, kind="third_sector", name="Ente di un altro ambito")
    with pytest.raises(ValidationError) as error:
        new_agreement(planner, other, line=line_other_zone)
    assert error.value.message_dict["organisation"] == ["L'ente non è di questo ambito."]
    assert "linea" in error.value.message_dict["line"][0]


def test_only_the_plan_office_records_agreements(operator_a, assembly_member, body_a):
    for actor in (operator_a, assembly_member):
        with pytest.raises(NotAllowed):
            new_agreement(actor, body_a)
    assert not Agreement.objects.exists()


def test_an_update_changes_only_what_is_given_and_logs_the_field_names(
    planner, agreement_a, service_a
):
    services.agreement_update(
        actor=planner, agreement=agreement_a, subject="Trasporto sociale e accompagnamento"
    )
    agreement_a.refresh_from_db()
    assert agreement_a.subject == "Trasporto sociale e accompagnamento"
    assert list(agreement_a.services.all()) == [service_a]
    event = EventLog.objects.filter(object_uuid=agreement_a.uuid, action="update").get()
    assert event.fields == ["subject"]
    with pytest.raises(ValidationError) as error:
        services.agreement_update(
            actor=planner, agreement=agreement_a, ends_on=dt.date(2025, 12, 1)
        )
    assert error.value.message_dict["ends_on"] == [services.ENDS_BEFORE_START]
    agreement_a.refresh_from_db()
    assert agreement_a.ends_on == dt.date(2026, 12, 31)


# --- renew and terminate -----------------------------------------------------------------


def test_a_renewal_starts_after_the_previous_ends_and_keeps_its_services(
    planner, agreement_a, service_a
):
    with pytest.raises(ValidationError) as error:
        services.agreement_renew(
            actor=planner,
            agreement=agreement_a,
            number="CONV-2",
            starts_on=dt.date(2026, 12, 31),
            ends_on=dt.date(2027, 12, 31),
        )
    assert "01/01/2027" in error.value.message_dict["starts_on"][0]
    assert Agreement.objects.count() == 1

    renewal = services.agreement_renew(
        actor=planner,
        agreement=agreement_a,
        number="CONV-2",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 12, 31),
    )
    assert renewal.renews == agreement_a
    assert renewal.organisation == agreement_a.organisation
    assert renewal.amount == Decimal("12000.00")
    assert list(renewal.services.all()) == [service_a]
    assert [a.number for a in selectors.renewal_chain(agreement_a)] == ["CONV-1", "CONV-2"]
    assert [a.number for a in selectors.renewal_chain(renewal)] == ["CONV-1", "CONV-2"]
    with pytest.raises(ValidationError) as error:
        services.agreement_renew(
            actor=planner,
            agreement=agreement_a,
            number="CONV-3",
            starts_on=dt.date(2028, 1, 1),
            ends_on=dt.date(2028, 12, 31),
        )
    assert error.value.messages == ["La convenzione è già stata rinnovata con la CONV-2."]
    # The previous one cannot be stretched over its renewal.
    with pytest.raises(ValidationError):
        services.agreement_update(actor=planner, agreement=agreement_a, ends_on=dt.date(2027, 3, 1))


def test_a_termination_needs_a_date_in_the_period_and_a_reason(planner, agreement_a):
    with pytest.raises(ValidationError) as error:
        services.agreement_terminate(
            actor=planner, agreement=agreement_a, on=dt.date(2027, 2, 1), reason=" "
        )
    assert set(error.value.message_dict) == {"on", "reason"}
    services.agreement_terminate(
        actor=planner,
        agreement=agreement_a,
        on=dt.date(2026, 9, 30),
        reason="Scioglimento dell'associazione",
    )
    agreement_a.refresh_from_db()
    assert agreement_a.terminated_on == dt.date(2026, 9, 30)
    assert "Scioglimento dell'associazione" in agreement_a.notes
    with pytest.raises(ValidationError):
        services.agreement_renew(
            actor=planner,
            agreement=agreement_a,
            number="CONV-2",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 12, 31),
        )
    assert EventLog.objects.filter(
        object_uuid=agreement_a.uuid, fields=["notes", "terminated_on"]
    ).exists()


# --- state and expiry ----------------------------------------------------------------------


@freeze_time("2026-12-06 10:00")
def test_the_state_of_the_day(planner, body_a):
    expiring = new_agreement(planner, body_a, "A1", ends_on=dt.date(2027, 1, 31))
    in_force = new_agreement(planner, body_a, "A2", ends_on=dt.date(2027, 6, 30))
    expired = new_agreement(planner, body_a, "A3", ends_on=dt.date(2026, 11, 30))
    future = new_agreement(
        planner, body_a, "A4", starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 12, 31)
    )
    terminated = new_agreement(planner, body_a, "A5", ends_on=dt.date(2027, 1, 31))
    services.agreement_terminate(
        actor=planner, agreement=terminated, on=dt.date(2026, 12, 1), reason="Recesso"
    )
    renewed = new_agreement(planner, body_a, "A6", ends_on=dt.date(2027, 1, 15))
    services.agreement_renew(
        actor=planner,
        agreement=renewed,
        number="A6-bis",
        starts_on=dt.date(2027, 1, 16),
        ends_on=dt.date(2027, 12, 31),
    )
    states = {a.number: a.state for a in selectors.agreements_for(user=planner)}
    assert states == {
        "A1": "expiring",
        "A2": "in_force",
        "A3": "expired",
        "A4": "not_started",
        "A5": "terminated",
        "A6": "in_force",
        "A6-bis": "not_started",
    }
    assert [a.number for a in selectors.agreements_expiring(user=planner)] == ["A1"]
    assert [a.number for a in selectors.agreements_for(user=planner, state="expiring")] == ["A1"]
    assert expiring and in_force and expired and future


def test_an_operator_sees_only_their_organisations_agreements(operator_a, agreement_a, agreement_b):
    assert list(selectors.agreements_for(user=operator_a)) == [agreement_a]
    assert selectors.agreement_for(user=operator_a, uuid=agreement_b.uuid) is None


def test_the_interventions_delivered_under_an_agreement_are_counted_per_service(
    planner, social_worker_a, body_a, body_b, agreement_a, service_a, person_a
):
    from ambito.cases import services as case_services
    from ambito.cases.models import Intervention

    case = case_services.case_open(actor=social_worker_a, person=person_a)
    kind = InterventionType.objects.order_by("code").first()

    def delivered(provider, start, end=None, status="active", service=service_a):
        return Intervention.objects.create(
            case=case,
            intervention_type=kind,
            service=service,
            provider=provider,
            start_on=start,
            end_on=end,
            status=status,
            created_by=social_worker_a,
        )

    delivered(body_a, dt.date(2026, 2, 1))
    delivered(body_a, dt.date(2025, 10, 1), dt.date(2026, 1, 10), status="completed")
    delivered(body_a, dt.date(2026, 3, 1), status="cancelled")  # not counted
    delivered(body_a, dt.date(2025, 1, 1), dt.date(2025, 6, 30))  # before the period
    delivered(body_b, dt.date(2026, 2, 1))  # another provider
    delivered(body_a, dt.date(2026, 2, 1), service=None)  # neither service nor type
    rows = selectors.delivered_interventions(agreement_a)
    assert [(r.service, r.interventions, r.active) for r in rows] == [("Trasporto sociale", 2, 1)]
    assert person_a.last_name not in str(rows)


def test_the_plan_office_is_warned_60_days_ahead_once_and_not_for_renewed_agreements(
    planner, body_a, zone_a
):
    second_planner = UserFactory(zone=zone_a, roles=["planner"])
    social_worker = UserFactory(zone=zone_a, roles=["social_worker"])
    ending = new_agreement(planner, body_a, "SCAD-1", ends_on=dt.date(2027, 2, 1))
    renewed = new_agreement(planner, body_a, "SCAD-2", ends_on=dt.date(2027, 1, 20))
    services.agreement_renew(
        actor=planner,
        agreement=renewed,
        number="SCAD-2-bis",
        starts_on=dt.date(2027, 1, 21),
        ends_on=dt.date(2027, 12, 31),
    )
    terminated = new_agreement(planner, body_a, "SCAD-3", ends_on=dt.date(2027, 1, 10))
    services.agreement_terminate(
        actor=planner, agreement=terminated, on=dt.date(2027, 1, 5), reason="Recesso"
    )
    new_agreement(planner, body_a, "SCAD-4", ends_on=dt.date(2027, 3, 1))  # 85 days ahead

    result = reminders_on(TODAY)
    assert result["notices"]["convenzioni"] == 2
    notices = Notice.objects.filter(kind="agreement_expiring")
    assert {n.user_id for n in notices} == {planner.pk, second_planner.pk}
    notice = notices.get(user=planner)
    assert notice.subject == f"agreement:{ending.uuid}"
    assert notice.due_on == dt.date(2027, 2, 1)
    assert notice.text == (
        "La convenzione SCAD-1 con Associazione Alfa (prova) scade il 01/02/2027"
    )
    assert notice.url == f"/rete/convenzioni/{ending.uuid}/"
    assert not Notice.objects.filter(user=social_worker).exists()
    # The next morning: nothing new for the same agreement and date.
    assert reminders_on(TODAY + dt.timedelta(days=1))["notices"]["convenzioni"] == 0
    assert Notice.objects.filter(kind="agreement_expiring").count() == 2


def test_no_warning_for_an_agreement_of_another_zone(planner_other_zone, zone_b, planner):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(zone=zone_b, kind="third_sector", name="Ente B")
    new_agreement(planner_other_zone, other, "ALTRO-1", ends_on=dt.date(2027, 1, 15))
    reminders_on(TODAY)
    assert list(
        Notice.objects.filter(kind="agreement_expiring").values_list("user_id", flat=True)
    ) == [planner_other_zone.pk]
