from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ambito.core import fiscal_code
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.registry import services
from ambito.registry.models import HouseholdMember, IseeRecord, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def person_data(municipality, **overrides):
    data = {
        "fiscal_code": fiscal_code.encode(
            last_name="Verdi",
            first_name="Anna",
            sex="F",
            birth_date=date(1985, 4, 12),
            birth_place_code="G713",
        ),
        "first_name": "Anna",
        "last_name": "Verdi",
        "residence_municipality": municipality,
        "citizenship": "italiana",
    }
    data.update(overrides)
    return data


def test_a_new_person_gets_birth_data_from_the_codice_fiscale(social_worker_a, municipality_a):
    person = services.person_create(actor=social_worker_a, data=person_data(municipality_a))
    assert person.birth_date == date(1985, 4, 12)
    assert person.sex == "F"
    assert person.birth_place == "Pistoia"
    assert person.zone == social_worker_a.zone
    event = EventLog.objects.get(object_uuid=person.uuid)
    assert (event.action, event.user, event.person) == ("create", social_worker_a, person)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("VRDNNA85D52G71", "16 caratteri"),
        ("VRDNNA85D52G7#3Z", "solo lettere e cifre"),
        ("VRDNNA85D52G713A", "carattere di controllo"),
        ("VRDNNA85Z52G713X", "mese di nascita"),
    ],
)
def test_an_invalid_codice_fiscale_says_what_is_wrong_and_saves_nothing(
    social_worker_a, municipality_a, code, message
):
    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=social_worker_a, data=person_data(municipality_a, fiscal_code=code)
        )
    assert message in " ".join(error.value.message_dict["fiscal_code"])
    assert not Person.objects.exists()
    assert not EventLog.objects.exists()


def test_an_omocodia_code_is_accepted_and_decoded(social_worker_a, municipality_a):
    base = person_data(municipality_a)["fiscal_code"]
    person = services.person_create(
        actor=social_worker_a,
        data=person_data(municipality_a, fiscal_code=fiscal_code.omocode_variant(base, 3)),
    )
    assert person.birth_date == date(1985, 4, 12)


def test_a_duplicate_codice_fiscale_links_to_the_existing_person(social_worker_a, person_a):
    data = person_data(
        person_a.residence_municipality,
        fiscal_code=person_a.fiscal_code.lower(),
        first_name=person_a.first_name,
        last_name=person_a.last_name,
    )
    with pytest.raises(services.DuplicatePerson) as error:
        services.person_create(actor=social_worker_a, data=data)
    assert error.value.existing == person_a
    assert Person.objects.count() == 1


def test_a_duplicate_outside_the_users_municipalities_is_not_revealed(
    social_worker_b, person_a, municipality_b
):
    data = person_data(municipality_b, fiscal_code=person_a.fiscal_code)
    with pytest.raises(services.DuplicatePerson) as error:
        services.person_create(actor=social_worker_b, data=data)
    assert error.value.existing is None


def test_the_same_codice_fiscale_may_exist_in_another_zone(
    social_worker_a, municipality_a, person_other_zone
):
    data = person_data(
        municipality_a,
        fiscal_code=person_other_zone.fiscal_code,
        first_name=person_other_zone.first_name,
        last_name=person_other_zone.last_name,
    )
    person = services.person_create(actor=social_worker_a, data=data)
    assert person.zone != person_other_zone.zone


def test_a_homonym_with_the_same_birth_date_must_be_confirmed(social_worker_a, municipality_a):
    existing = PersonFactory(
        residence_municipality=municipality_a,
        last_name="Verdi",
        first_name="Anna",
        sex="F",
        birth_date=date(1985, 4, 12),
        birth_place_code="D612",
    )
    with pytest.raises(services.PersonNeedsConfirmation) as error:
        services.person_create(actor=social_worker_a, data=person_data(municipality_a))
    assert error.value.homonyms == [existing]
    assert Person.objects.count() == 1
    services.person_create(actor=social_worker_a, data=person_data(municipality_a), confirmed=True)
    assert Person.objects.count() == 2


def test_names_that_do_not_match_the_code_must_be_confirmed(social_worker_a, municipality_a):
    with pytest.raises(services.PersonNeedsConfirmation) as error:
        services.person_create(
            actor=social_worker_a, data=person_data(municipality_a, last_name="Bianchi")
        )
    assert "cognome" in error.value.warnings[0]


def test_a_social_worker_cannot_register_a_resident_of_a_municipality_they_do_not_serve(
    social_worker_a, municipality_b
):
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=social_worker_a, data=person_data(municipality_b))
    assert "comuni che segui" in str(error.value)


def test_a_planner_cannot_register_persons(planner, municipality_a):
    with pytest.raises(NotAllowed, match="Non hai il permesso di registrare persone"):
        services.person_create(actor=planner, data=person_data(municipality_a))
    assert not Person.objects.exists()


def test_updating_a_person_logs_the_changed_fields_but_not_their_values(social_worker_a, person_a):
    services.person_update(actor=social_worker_a, person=person_a, data={"phone": "0573 123456"})
    event = EventLog.objects.get(person=person_a, action="update")
    assert event.fields == ["phone"]
    assert "0573" not in str(event.fields) + event.note


def test_a_person_belongs_to_one_household_at_a_time(social_worker_a, person_a, municipality_a):
    other = PersonFactory(residence_municipality=municipality_a)
    household = services.household_create(actor=social_worker_a, head=person_a)
    second = services.household_create(actor=social_worker_a, head=other)
    with pytest.raises(ValidationError) as error:
        services.household_add_member(
            actor=social_worker_a, household=second, person=person_a, relationship="partner"
        )
    assert "già componente" in str(error.value)
    assert HouseholdMember.objects.filter(household=household).count() == 1


def test_members_can_leave_and_the_head_leaves_last(social_worker_a, person_a, municipality_a):
    child = PersonFactory(residence_municipality=municipality_a, birth_date=date(2015, 1, 1))
    household = services.household_create(
        actor=social_worker_a, head=person_a, start_date=date(2020, 1, 1)
    )
    member = services.household_add_member(
        actor=social_worker_a,
        household=household,
        person=child,
        relationship="child",
        start_date=date(2020, 1, 1),
    )
    head = household.memberships.get(relationship="head")
    with pytest.raises(ValidationError):
        services.household_remove_member(actor=social_worker_a, member=head)
    services.household_remove_member(
        actor=social_worker_a, member=member, end_date=date(2026, 1, 1)
    )
    assert household.memberships.filter(end_date__isnull=True).count() == 1


def test_isee_with_negative_value_or_reversed_dates_is_refused(social_worker_a, person_a):
    with pytest.raises(ValidationError, match="non può essere negativo"):
        services.isee_record_add(
            actor=social_worker_a,
            person=person_a,
            value=Decimal("-1"),
            valid_from=date(2026, 1, 1),
            valid_until=date(2026, 12, 31),
        )
    with pytest.raises(ValidationError, match="non può precedere"):
        services.isee_record_add(
            actor=social_worker_a,
            person=person_a,
            value=Decimal("100"),
            valid_from=date(2026, 1, 1),
            valid_until=date(2025, 12, 31),
        )
    assert not IseeRecord.objects.exists()


def test_isee_is_attached_to_the_declarants_current_household(social_worker_a, person_a):
    household = services.household_create(actor=social_worker_a, head=person_a)
    record = services.isee_record_add(
        actor=social_worker_a,
        person=person_a,
        value=Decimal("7500.50"),
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    assert record.household == household
