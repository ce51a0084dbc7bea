from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.territory import services
from ambito.territory.models import (
    AccessPoint,
    ConsortiumMember,
    Municipality,
    MunicipalityPopulation,
    OpeningHours,
    Organisation,
    Staff,
)
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# --- municipalities --------------------------------------------------------------------------


def test_adding_a_municipality_by_istat_code_fills_its_codes_from_the_istat_list(planner, zone_a):
    agliana = services.municipality_add(
        actor=planner, zone=zone_a, istat_code="047002", population=17955, year=2024
    )
    assert (agliana.name, agliana.belfiore_code, agliana.province_code) == ("Agliana", "A071", "PT")
    assert agliana.is_metropolitan_city is False
    assert agliana.populations.get(year=2024).population == 17955


def test_a_municipality_of_a_metropolitan_city_is_flagged_as_such(planner, zone_a):
    florence = services.municipality_add(actor=planner, zone=zone_a, istat_code="048017")
    assert florence.name == "Firenze"
    assert florence.is_metropolitan_city is True


def test_adding_a_municipality_writes_the_event_log(planner, zone_a):
    agliana = services.municipality_add(
        actor=planner, zone=zone_a, istat_code="047002", population=17955, year=2024
    )
    events = EventLog.objects.filter(object_uuid=agliana.uuid)
    assert {(e.action, e.user_id, e.zone_id) for e in events} == {("create", planner.pk, zone_a.pk)}
    assert events.count() == 2  # the municipality and its population


def test_unknown_istat_code_is_refused_with_an_italian_message(planner, zone_a):
    with pytest.raises(ValidationError) as exc_info:
        services.municipality_add(actor=planner, zone=zone_a, istat_code="999999")
    assert "Codice ISTAT sconosciuto" in messages_of(exc_info)
    assert not Municipality.objects.filter(istat_code="999999").exists()
    assert not EventLog.objects.exists()


def test_istat_code_that_is_not_six_digits_is_refused(planner, zone_a):
    with pytest.raises(ValidationError) as exc_info:
        services.municipality_add(actor=planner, zone=zone_a, istat_code="47002")
    assert "6 cifre" in messages_of(exc_info)


def test_municipality_already_in_another_zone_cannot_be_added_again(
    planner, zone_a, agliana_in_other_zone
):
    with pytest.raises(ValidationError) as exc_info:
        services.municipality_add(actor=planner, zone=zone_a, istat_code="047002")
    assert "appartiene già a un altro ambito" in messages_of(exc_info)


def test_planner_cannot_add_a_municipality_to_another_zone(planner, zone_b):
    with pytest.raises(NotAllowed) as exc_info:
        services.municipality_add(actor=planner, zone=zone_b, istat_code="047002")
    assert exc_info.value.hide  # another zone's records do not exist
    assert not Municipality.objects.filter(istat_code="047002").exists()


def test_social_worker_has_no_permission_to_add_municipalities(social_worker_a, zone_a):
    with pytest.raises(NotAllowed) as exc_info:
        services.municipality_add(actor=social_worker_a, zone=zone_a, istat_code="047002")
    assert exc_info.value.message.startswith("Non hai il permesso")


def test_population_without_its_year_is_refused_and_nothing_is_written(planner, zone_a):
    with pytest.raises(ValidationError):
        services.municipality_add(actor=planner, zone=zone_a, istat_code="047002", population=100)
    assert not Municipality.objects.filter(istat_code="047002").exists()


def test_population_of_a_year_is_recorded_then_corrected(planner, municipality_a):
    services.population_set(actor=planner, municipality=municipality_a, year=2024, population=90000)
    services.population_set(actor=planner, municipality=municipality_a, year=2024, population=90315)
    assert list(MunicipalityPopulation.objects.values_list("year", "population")) == [(2024, 90315)]
    actions = list(
        EventLog.objects.filter(object_uuid=municipality_a.uuid)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update"]


def test_negative_population_is_refused(planner, municipality_a):
    with pytest.raises(ValidationError) as exc_info:
        services.population_set(
            actor=planner, municipality=municipality_a, year=2024, population=-1
        )
    assert "negativa" in messages_of(exc_info)


def test_population_of_another_zone_cannot_be_set(planner, municipality_other_zone):
    with pytest.raises(NotAllowed):
        services.population_set(
            actor=planner, municipality=municipality_other_zone, year=2024, population=34000
        )
    assert not MunicipalityPopulation.objects.exists()


# --- consortium members ----------------------------------------------------------------------


def test_member_share_is_set_then_changed_and_both_are_logged(planner, zone_a, organisation_a):
    services.member_set_share(
        actor=planner, zone=zone_a, organisation=organisation_a, share="34,76"
    )
    member = services.member_set_share(
        actor=planner, zone=zone_a, organisation=organisation_a, share=Decimal("35")
    )
    assert member.share == Decimal("35.00")
    assert ConsortiumMember.objects.count() == 1
    events = EventLog.objects.filter(object_type="territory.consortiummember").order_by("id")
    assert [(e.action, e.fields) for e in events] == [("create", ["*"]), ("update", ["share"])]


@pytest.mark.parametrize(
    ("share", "message"),
    [
        ("100.01", "da 0 a 100"),
        ("-1", "da 0 a 100"),
        ("10.125", "due decimali"),
        ("dieci", "deve essere un numero"),
    ],
)
def test_member_share_outside_0_100_or_with_more_than_two_decimals_is_refused(
    planner, zone_a, organisation_a, share, message
):
    with pytest.raises(ValidationError) as exc_info:
        services.member_set_share(
            actor=planner, zone=zone_a, organisation=organisation_a, share=share
        )
    assert message in messages_of(exc_info)
    assert not ConsortiumMember.objects.exists()


def test_organisation_of_another_zone_cannot_become_a_member(planner, zone_a, zone_b):
    foreign = OrganisationFactory(zone=zone_b, name="Comune di Crema")
    with pytest.raises(ValidationError):
        services.member_set_share(actor=planner, zone=zone_a, organisation=foreign, share=10)
    assert not ConsortiumMember.objects.exists()


def test_social_worker_cannot_change_shares(social_worker_a, zone_a, organisation_a):
    with pytest.raises(NotAllowed) as exc_info:
        services.member_set_share(
            actor=social_worker_a, zone=zone_a, organisation=organisation_a, share=10
        )
    assert exc_info.value.message.startswith("Non hai il permesso")


# --- organisations ---------------------------------------------------------------------------


def test_third_sector_organisation_is_created_with_its_runts_number(planner, zone_a):
    organisation = services.organisation_create(
        actor=planner,
        zone=zone_a,
        data={
            "kind": "third_sector",
            "name": "Misericordia di Pistoia",
            "legal_form": "ODV",
            "runts_number": "12345",
        },
    )
    assert organisation.runts_number == "12345"
    assert EventLog.objects.filter(object_uuid=organisation.uuid, action="create").exists()


def test_a_comune_organisation_needs_its_municipality(planner, zone_a):
    with pytest.raises(ValidationError) as exc_info:
        services.organisation_create(
            actor=planner, zone=zone_a, data={"kind": "municipality", "name": "Comune di Agliana"}
        )
    assert "indica quale comune" in messages_of(exc_info)


def test_two_organisations_of_a_zone_cannot_share_a_name(planner, zone_a, organisation_a):
    with pytest.raises(ValidationError) as exc_info:
        services.organisation_create(
            actor=planner, zone=zone_a, data={"kind": "other", "name": "comune di pistoia"}
        )
    assert "Esiste già un ente" in messages_of(exc_info)


def test_organisation_update_logs_only_the_fields_changed(planner, organisation_a):
    services.organisation_update(
        actor=planner,
        organisation=organisation_a,
        data={"name": organisation_a.name, "phone": "0573 1234"},
    )
    event = EventLog.objects.get(object_uuid=organisation_a.uuid)
    assert event.fields == ["phone"]


def test_organisation_cannot_be_placed_in_a_municipality_of_another_zone(
    planner, zone_a, municipality_other_zone
):
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=planner,
            zone=zone_a,
            data={"kind": "other", "name": "Ente", "municipality": municipality_other_zone},
        )
    assert not Organisation.objects.filter(name="Ente").exists()


# --- access points ---------------------------------------------------------------------------


def access_point_data(municipality, **extra):
    return {
        "municipality": municipality,
        "kind": "pua_desk",
        "name": "PUA Quarrata",
        "address": "Via Vittorio Veneto 2",
        **extra,
    }


def test_access_point_is_created_with_its_opening_hours_and_logged(planner, zone_a, municipality_b):
    access_point = services.access_point_create(
        actor=planner,
        zone=zone_a,
        data=access_point_data(municipality_b),
        hours=[(0, time(9), time(12, 30)), {"weekday": 0, "opens": time(15), "closes": time(17)}],
    )
    assert list(access_point.opening_hours.values_list("weekday", "opens", "closes")) == [
        (0, time(9), time(12, 30)),
        (0, time(15), time(17)),
    ]
    assert EventLog.objects.filter(object_uuid=access_point.uuid, action="create").exists()


def test_opening_hours_closing_before_opening_leave_nothing_written(
    planner, zone_a, municipality_b
):
    with pytest.raises(ValidationError) as exc_info:
        services.access_point_create(
            actor=planner,
            zone=zone_a,
            data=access_point_data(municipality_b),
            hours=[(0, time(9), time(12)), (2, time(13), time(12))],
        )
    assert "Mercoledì: la chiusura (12:00) deve essere successiva all'apertura (13:00)" in (
        messages_of(exc_info)
    )
    assert not AccessPoint.objects.exists()
    assert not OpeningHours.objects.exists()
    assert not EventLog.objects.exists()


def test_overlapping_slots_on_the_same_day_are_refused(planner, zone_a, municipality_b):
    with pytest.raises(ValidationError) as exc_info:
        services.access_point_create(
            actor=planner,
            zone=zone_a,
            data=access_point_data(municipality_b),
            hours=[(1, time(9), time(12)), (1, time(11), time(13))],
        )
    assert "Martedì: le fasce 9:00-12:00 e 11:00-13:00 si sovrappongono" in messages_of(exc_info)
    assert not AccessPoint.objects.exists()


def test_slots_that_touch_or_fall_on_different_days_are_accepted(planner, zone_a, municipality_b):
    access_point = services.access_point_create(
        actor=planner,
        zone=zone_a,
        data=access_point_data(municipality_b),
        hours=[(1, time(9), time(12)), (1, time(12), time(13)), (3, time(9), time(12))],
    )
    assert access_point.opening_hours.count() == 3


def test_invalid_new_hours_leave_the_old_ones_in_place(planner, urp_pistoia):
    before = list(urp_pistoia.opening_hours.values_list("weekday", "opens", "closes"))
    with pytest.raises(ValidationError):
        services.access_point_update(
            actor=planner,
            access_point=urp_pistoia,
            data={"name": "URP del Comune di Pistoia"},
            hours=[(4, time(10), time(9))],
        )
    urp_pistoia.refresh_from_db()
    assert urp_pistoia.name == "URP Pistoia"
    assert list(urp_pistoia.opening_hours.values_list("weekday", "opens", "closes")) == before


def test_updating_the_hours_replaces_them_and_logs_the_change(planner, urp_pistoia):
    services.access_point_update(
        actor=planner, access_point=urp_pistoia, data={}, hours=[(4, time(8), time(14))]
    )
    assert list(urp_pistoia.opening_hours.values_list("weekday", "opens", "closes")) == [
        (4, time(8), time(14))
    ]
    assert EventLog.objects.get(object_uuid=urp_pistoia.uuid).fields == ["opening_hours"]


def test_access_point_in_a_municipality_of_another_zone_is_refused(
    planner, zone_a, municipality_other_zone
):
    with pytest.raises(ValidationError) as exc_info:
        services.access_point_create(
            actor=planner, zone=zone_a, data=access_point_data(municipality_other_zone), hours=[]
        )
    assert "Il comune non è di questo ambito" in messages_of(exc_info)
    assert not AccessPoint.objects.exists()


def test_access_point_of_another_zone_cannot_be_changed(planner, access_point_other_zone):
    with pytest.raises(NotAllowed) as exc_info:
        services.access_point_update(
            actor=planner, access_point=access_point_other_zone, data={"name": "Preso"}
        )
    assert exc_info.value.hide  # another zone's records do not exist
    access_point_other_zone.refresh_from_db()
    assert access_point_other_zone.name == "Segretariato Crema"


def test_front_office_cannot_create_access_points(front_office, zone_a, municipality_a):
    with pytest.raises(NotAllowed) as exc_info:
        services.access_point_create(
            actor=front_office, zone=zone_a, data=access_point_data(municipality_a), hours=[]
        )
    assert exc_info.value.message.startswith("Non hai il permesso")


# --- staff -----------------------------------------------------------------------------------


def staff_data(employer, **extra):
    return {
        "first_name": "Laura",
        "last_name": "Gori",
        "profile": "social_worker",
        "employer": employer,
        "weekly_hours": Decimal("30"),
        "area": "health",
        **extra,
    }


def test_staff_member_is_created_with_the_municipalities_served_and_logged(
    planner, zone_a, employer_a, municipality_a, municipality_b
):
    staff = services.staff_create(
        actor=planner,
        zone=zone_a,
        data=staff_data(employer_a),
        municipalities=[municipality_a, municipality_b],
    )
    assert set(staff.municipalities.all()) == {municipality_a, municipality_b}
    assert staff.fte == Decimal("0.83")
    assert EventLog.objects.filter(object_uuid=staff.uuid, action="create").exists()


def test_staff_serving_a_municipality_of_another_zone_is_refused(
    planner, zone_a, employer_a, municipality_other_zone
):
    with pytest.raises(ValidationError) as exc_info:
        services.staff_create(
            actor=planner,
            zone=zone_a,
            data=staff_data(employer_a),
            municipalities=[municipality_other_zone],
        )
    assert "Crema" in messages_of(exc_info)
    assert not Staff.objects.exists()


def test_staff_employed_by_an_organisation_of_another_zone_is_refused(
    planner, zone_a, employer_other_zone
):
    with pytest.raises(ValidationError):
        services.staff_create(actor=planner, zone=zone_a, data=staff_data(employer_other_zone))
    assert not Staff.objects.exists()


@pytest.mark.parametrize("hours", ["60.5", "-1"])
def test_weekly_hours_outside_0_60_are_refused(planner, zone_a, employer_a, hours):
    with pytest.raises(ValidationError) as exc_info:
        services.staff_create(
            actor=planner, zone=zone_a, data=staff_data(employer_a, weekly_hours=Decimal(hours))
        )
    assert "da 0 a 60" in messages_of(exc_info)


def test_staff_update_logs_the_changed_fields_and_municipalities(planner, staff_a, municipality_b):
    services.staff_update(
        actor=planner,
        staff=staff_a,
        data={"weekly_hours": "18", "first_name": staff_a.first_name},
        municipalities=[municipality_b],
    )
    staff_a.refresh_from_db()
    assert staff_a.weekly_hours == Decimal("18")
    assert list(staff_a.municipalities.all()) == [municipality_b]
    assert EventLog.objects.get(object_uuid=staff_a.uuid).fields == [
        "municipalities",
        "weekly_hours",
    ]


def test_staff_of_another_zone_cannot_be_changed(planner, staff_other_zone):
    with pytest.raises(NotAllowed):
        services.staff_update(actor=planner, staff=staff_other_zone, data={"weekly_hours": 10})
    staff_other_zone.refresh_from_db()
    assert staff_other_zone.weekly_hours == Decimal("36")
