import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ambito.cases.models import Case, CaseSource
from ambito.core.models import EventLog
from ambito.emergency import services
from ambito.emergency.models import Emergency, Handover, Placement, UrgencyCriterion
from tests.factories import PersonFactory, UserFactory

from .conftest import criterion, report

ROME = ZoneInfo("Europe/Rome")


# --- criteria ---------------------------------------------------------------------------------


def test_the_seed_three_situations_are_seeded_with_their_sub_criteria(db):
    tops = UrgencyCriterion.objects.filter(parent__isnull=True).order_by("position")
    assert [c.code for c in tops] == ["MIN", "ADU", "ALT"]
    assert tops[0].label == "Emergenza per la protezione e tutela di minori"
    assert all(c.children.exists() for c in tops)
    assert set(
        UrgencyCriterion.objects.filter(involves_minors=True).values_list("code", flat=True)
    ) == {
        "MIN",
        "MIN.ABB",
        "MIN.MSNA",
        "MIN.VIO",
        "MIN.GEN",
    }


def test_an_inactive_criterion_is_refused_and_nothing_is_written(operator, municipality_a):
    old = criterion("ALT.SFR")
    old.active = False
    old.save()
    with pytest.raises(ValidationError) as error:
        report(operator, municipality_a, criteria=("ALT.SFR",))
    assert "non è attivo" in str(error.value)
    assert not Emergency.objects.exists() and not Handover.objects.exists()


def test_another_zones_own_criterion_is_refused(operator, municipality_a, zone_b):
    UrgencyCriterion.objects.create(code="ZB.1", label="Criterio della zona B", zone=zone_b)
    with pytest.raises(ValidationError):
        report(operator, municipality_a, criteria=("ZB.1",))


def test_a_minors_criterion_flags_the_emergency(operator, municipality_a):
    emergency = report(operator, municipality_a, criteria=("MIN.MSNA",), persons=[])
    assert emergency.involves_minor


def test_a_person_under_eighteen_flags_the_emergency_as_involving_a_minor(operator, municipality_a):
    emergency = report(
        operator, municipality_a, persons=[{"description": "ragazzo di circa 15 anni", "age": 15}]
    )
    assert emergency.involves_minor
    assert emergency.persons.get().is_minor


def test_an_adult_only_emergency_is_not_flagged(emergency):
    assert not emergency.involves_minor


# --- the report -------------------------------------------------------------------------------


def test_a_report_records_its_time_hour_number_and_the_persons(emergency):
    year = timezone.localtime(emergency.reported_at).year
    assert emergency.number == f"{year}/00001"
    assert emergency.reported_hour == timezone.localtime(emergency.reported_at).hour
    assert emergency.persons.get().last_name == "Verdi"
    assert EventLog.objects.filter(object_uuid=emergency.uuid, action="create").exists()


def test_a_report_with_a_future_time_is_refused(operator, municipality_a):
    with pytest.raises(ValidationError) as error:
        report(operator, municipality_a, minutes_ago=-60)
    assert "non può essere nel futuro" in error.value.message_dict["reported_at"][0]
    assert not Emergency.objects.exists()


def test_an_unidentified_person_needs_a_description(operator, municipality_a):
    with pytest.raises(ValidationError) as error:
        report(operator, municipality_a, persons=[{"age": 40}])
    assert "breve descrizione" in error.value.message_dict["persons"][0]
    assert not Emergency.objects.exists()


def test_a_fiscal_code_of_the_registry_links_the_person(operator, municipality_a):
    person = PersonFactory(residence_municipality=municipality_a)
    emergency = report(operator, municipality_a, persons=[{"fiscal_code": person.fiscal_code}])
    involved = emergency.persons.get()
    assert involved.person == person and involved.last_name == person.last_name


def test_a_wrong_fiscal_code_is_refused_with_its_reason(operator, municipality_a):
    with pytest.raises(ValidationError) as error:
        report(operator, municipality_a, persons=[{"fiscal_code": "RSSMRA80A01G713X"}])
    assert "Persona 1" in error.value.message_dict["persons"][0]


def test_a_user_without_the_emergency_role_cannot_report(social_worker_a, municipality_a):
    with pytest.raises(PermissionDenied):
        report(social_worker_a, municipality_a)


def test_a_municipality_of_another_zone_is_refused(operator, municipality_other_zone):
    with pytest.raises(ValidationError):
        report(operator, municipality_other_zone)


# --- hand-over on the next working day -----------------------------------------------------


@pytest.mark.parametrize(
    ("reported", "due"),
    [
        # Tuesday 3 a.m.: the on-call night of Monday, handed over on Tuesday morning.
        (dt.datetime(2025, 3, 11, 3, 0), dt.date(2025, 3, 11)),
        # Tuesday 21:30: Wednesday.
        (dt.datetime(2025, 3, 11, 21, 30), dt.date(2025, 3, 12)),
        # Friday night: Monday.
        (dt.datetime(2025, 3, 14, 23, 0), dt.date(2025, 3, 17)),
        # Saturday 3 a.m.: Monday.
        (dt.datetime(2025, 3, 15, 3, 0), dt.date(2025, 3, 17)),
        # Saturday before Easter 2025: Sunday 20 and Easter Monday 21 April are holidays.
        (dt.datetime(2025, 4, 19, 22, 0), dt.date(2025, 4, 22)),
        # Thursday 24 April: Liberation Day on Friday 25, then the weekend.
        (dt.datetime(2025, 4, 24, 20, 0), dt.date(2025, 4, 28)),
        # Christmas Eve (Wednesday) night: 25 and 26 are holidays, Saturday, Sunday.
        (dt.datetime(2025, 12, 24, 23, 50), dt.date(2025, 12, 29)),
        # Pistoia: San Jacopo, the patron saint, on Friday 25 July 2025.
        (dt.datetime(2025, 7, 24, 22, 0), dt.date(2025, 7, 28)),
    ],
)
def test_the_hand_over_is_due_on_the_next_working_day(operator, municipality_a, reported, due):
    emergency = services.emergency_report(
        actor=operator,
        reported_at=reported.replace(tzinfo=ROME),
        reporter_kind="hospital",
        municipality=municipality_a,
        location="Pronto soccorso",
        situation="Dimissione senza rete",
        criteria=[criterion("ALT.DIM")],
        persons=[{"description": "uomo di circa 70 anni"}],
    )
    assert emergency.handover.due_on == due
    assert emergency.handover.municipality == municipality_a


def test_the_hand_over_goes_to_the_rule_manager_of_the_municipality(
    operator, municipality_a, social_worker_a
):
    from ambito.cases.models import AssignmentRule

    AssignmentRule.objects.create(
        zone=municipality_a.zone, municipality=municipality_a, manager=social_worker_a
    )
    assert report(operator, municipality_a).handover.assignee == social_worker_a


def test_a_hand_over_to_a_municipality_outside_the_zone_is_refused(
    operator, municipality_a, municipality_other_zone
):
    with pytest.raises(ValidationError) as error:
        report(operator, municipality_a, handover_municipality=municipality_other_zone)
    assert (
        "non è un comune di questo ambito" in error.value.message_dict["handover_municipality"][0]
    )
    assert not Emergency.objects.exists()


def test_redirecting_a_hand_over_outside_the_zone_is_refused_and_nothing_changes(
    operator, emergency, municipality_a, municipality_other_zone
):
    with pytest.raises(ValidationError):
        services.handover_redirect(
            handover=emergency.handover, actor=operator, municipality=municipality_other_zone
        )
    emergency.handover.refresh_from_db()
    assert emergency.handover.municipality == municipality_a


def test_a_hand_over_can_be_sent_to_the_municipality_of_residence(
    operator, emergency, municipality_b
):
    services.handover_redirect(
        handover=emergency.handover, actor=operator, municipality=municipality_b
    )
    emergency.handover.refresh_from_db()
    assert emergency.handover.municipality == municipality_b


def test_the_social_worker_of_the_municipality_acknowledges_the_hand_over(
    emergency, social_worker_a
):
    handover = services.handover_acknowledge(
        handover=emergency.handover, actor=social_worker_a, note="Colloquio fissato"
    )
    assert handover.acknowledged_by == social_worker_a and handover.acknowledged_at
    with pytest.raises(ValidationError):
        services.handover_acknowledge(handover=handover, actor=social_worker_a)


def test_a_social_worker_of_another_municipality_cannot_acknowledge(emergency, social_worker_b):
    with pytest.raises(PermissionDenied):
        services.handover_acknowledge(handover=emergency.handover, actor=social_worker_b)
    emergency.handover.refresh_from_db()
    assert emergency.handover.acknowledged_at is None


def test_acknowledging_can_open_a_case_for_the_registered_person(
    operator, municipality_a, social_worker_a
):
    person = PersonFactory(residence_municipality=municipality_a, birth_date=dt.date(1980, 5, 1))
    emergency = report(operator, municipality_a, persons=[{"fiscal_code": person.fiscal_code}])
    handover = services.handover_acknowledge(
        handover=emergency.handover, actor=social_worker_a, open_case=True
    )
    assert handover.case.person == person
    assert handover.case.source == CaseSource.EMERGENCY


def test_opening_a_case_needs_a_registered_person(emergency, social_worker_a):
    with pytest.raises(ValidationError) as error:
        services.handover_acknowledge(
            handover=emergency.handover, actor=social_worker_a, open_case=True
        )
    assert "anagrafe" in str(error.value)
    assert not Case.objects.exists()
    emergency.handover.refresh_from_db()
    assert emergency.handover.acknowledged_at is None


# --- response and placement -------------------------------------------------------------------


def test_immediate_measures_record_the_first_response_time(operator, emergency):
    services.emergency_respond(emergency=emergency, actor=operator, measures=["meal", "transport"])
    emergency.refresh_from_db()
    assert emergency.outcome == "other_measure"
    assert emergency.measures == ["meal", "transport"]
    assert 59 <= emergency.response_minutes <= 61


def test_not_an_emergency_needs_a_reason(operator, emergency):
    with pytest.raises(ValidationError):
        services.emergency_not_emergency(emergency=emergency, actor=operator, reason=" ")
    services.emergency_not_emergency(
        emergency=emergency, actor=operator, reason="Richiesta di informazioni", referred_to="URP"
    )
    emergency.refresh_from_db()
    assert emergency.outcome == "not_emergency" and emergency.referred_to == "URP"


def test_a_placement_takes_places_and_records_the_times(operator, emergency, shelter):
    placement = services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="woman_child", places=2
    )
    emergency.refresh_from_db()
    assert emergency.outcome == "placement"
    assert emergency.placed_at == placement.placed_at
    assert 59 <= emergency.placement_minutes <= 61
    assert emergency.response_minutes == emergency.placement_minutes
    assert services.occupied_places(shelter.pk, "woman_child") == 2


def test_a_placement_into_a_full_shelter_is_refused_with_the_free_places(
    operator, emergency, shelter, municipality_a
):
    services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="adult", places=2
    )
    other = report(operator, municipality_a)
    with pytest.raises(ValidationError) as error:
        services.placement_create(
            emergency=other, shelter=shelter, actor=operator, place_type="adult", places=1
        )
    message = error.value.message_dict["places"][0]
    assert "Posti non disponibili" in message and "0 posti liberi per adulti" in message
    other.refresh_from_db()
    assert other.outcome == "pending" and other.placed_at is None
    assert Placement.objects.count() == 1


def test_leaving_frees_the_places(operator, emergency, shelter, municipality_a):
    placement = services.placement_create(
        emergency=emergency, shelter=shelter, actor=operator, place_type="minor", places=1
    )
    services.placement_end(placement=placement, actor=operator)
    other = report(operator, municipality_a, criteria=("MIN.ABB",))
    services.placement_create(
        emergency=other, shelter=shelter, actor=operator, place_type="minor", places=1
    )
    assert services.occupied_places(shelter.pk, "minor") == 1


def test_a_placement_into_a_closed_shelter_is_refused(operator, emergency, shelter):
    shelter.is_open = False
    shelter.save()
    with pytest.raises(ValidationError) as error:
        services.placement_create(
            emergency=emergency, shelter=shelter, actor=operator, place_type="adult"
        )
    assert "è chiusa" in error.value.message_dict["shelter"][0]
    assert not Placement.objects.exists()


def test_a_placement_needs_a_criterion_met(operator, municipality_a, shelter):
    emergency = report(operator, municipality_a, criteria=())
    with pytest.raises(ValidationError) as error:
        services.placement_create(
            emergency=emergency, shelter=shelter, actor=operator, place_type="adult"
        )
    assert "criterio di urgenza" in error.value.message_dict["shelter"][0]


def test_a_shelter_of_another_zone_is_refused(operator, emergency, zone_b, municipality_other_zone):
    from ambito.emergency.models import Shelter

    elsewhere = Shelter.objects.create(
        zone=zone_b, municipality=municipality_other_zone, name="Altrove", capacity_adult=5
    )
    with pytest.raises(ValidationError):
        services.placement_create(
            emergency=emergency, shelter=elsewhere, actor=operator, place_type="adult"
        )


def test_an_operator_of_another_zone_cannot_place(operator_other_zone, emergency, shelter):
    with pytest.raises(PermissionDenied):
        services.placement_create(
            emergency=emergency, shelter=shelter, actor=operator_other_zone, place_type="adult"
        )


# --- the rota ---------------------------------------------------------------------------------


def test_a_shift_must_end_after_it_starts(zone_a, operator):
    coordinator = UserFactory(username="coord", zone=zone_a, roles=["coordinator"])
    start = timezone.now()
    with pytest.raises(ValidationError):
        services.shift_add(
            actor=coordinator, user=operator, role="operator", starts_at=start, ends_at=start
        )
    shift = services.shift_add(
        actor=coordinator,
        user=operator,
        role="operator",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=12),
    )
    from ambito.emergency.selectors import on_call_now

    assert on_call_now(zone_id=zone_a.pk) == [shift]
