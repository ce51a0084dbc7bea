from datetime import date

import pytest

from ambito.core.models import AccessLog
from ambito.registry.models import Person
from ambito.registry.selectors import (
    PersonQuery,
    household_profile,
    person_get,
    person_search,
)
from tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_social_worker_sees_only_residents_of_the_municipalities_they_serve(
    social_worker_a, person_a, person_b, person_other_zone
):
    visible = set(Person.objects.visible_to(social_worker_a))
    assert visible == {person_a}


def test_front_office_sees_the_whole_zone_but_not_another_zone(
    front_office, person_a, person_b, person_other_zone
):
    assert set(Person.objects.visible_to(front_office)) == {person_a, person_b}


def test_planner_and_outsider_see_no_persons(planner, outsider, person_a):
    assert not Person.objects.visible_to(planner).exists()
    assert not Person.objects.visible_to(outsider).exists()


def test_user_of_another_zone_cannot_get_a_person(social_worker_other_zone, person_a):
    with pytest.raises(Person.DoesNotExist):
        person_get(user=social_worker_other_zone, uuid=person_a.uuid)
    assert not AccessLog.objects.filter(person=person_a).exists()


def test_reading_a_person_is_logged_without_personal_data(social_worker_a, person_a):
    person_get(user=social_worker_a, uuid=person_a.uuid)
    entry = AccessLog.objects.get(person=person_a)
    assert entry.user == social_worker_a
    assert entry.action == "view"
    assert entry.object_uuid == person_a.uuid
    assert person_a.last_name not in str(entry.detail)


def test_search_by_surname_prefix_is_case_and_accent_insensitive(front_office, municipality_a):
    nicolo = PersonFactory(
        residence_municipality=municipality_a, last_name="Niccolò", first_name="Ada", sex="F"
    )
    PersonFactory(
        residence_municipality=municipality_a, last_name="Rossi", first_name="Ada", sex="F"
    )
    results = person_search(user=front_office, query=PersonQuery.parse("niccolo"))
    assert results == [nicolo]


def test_search_is_logged_with_the_kind_of_query_but_not_the_terms(front_office, person_a):
    person_search(user=front_office, query=PersonQuery.parse(person_a.fiscal_code.lower()))
    entry = AccessLog.objects.get(action="search")
    assert entry.detail["kind"] == "fiscal_code"
    assert entry.detail["results"] == 1
    assert person_a.fiscal_code not in str(entry.detail)


def test_query_parser_understands_codes_dates_and_names():
    assert PersonQuery.parse(" rssmra80a01g713f ").fiscal_code == "RSSMRA80A01G713F"
    query = PersonQuery.parse("Rossi Mario 01/01/1980")
    assert (query.last_name, query.first_name, query.birth_date) == (
        "ROSSI",
        "MARIO",
        date(1980, 1, 1),
    )
    assert PersonQuery.parse("D'Angelo").last_name == "DANGELO"
    assert PersonQuery.parse("De Luca, Anna").name_splits == [("DELUCA", "ANNA")]


def test_search_finds_compound_surnames_with_or_without_spaces(front_office, municipality_a):
    de_luca = PersonFactory(
        residence_municipality=municipality_a, last_name="De Luca", first_name="Anna", sex="F"
    )
    for text in ["de luca", "DELUCA anna", "De Luca, An", "de lu"]:
        assert person_search(user=front_office, query=PersonQuery.parse(text)) == [de_luca], text


def test_household_profile_counts_minors_and_flags_single_parent(municipality_a):
    household = HouseholdFactory(municipality=municipality_a)
    mother = PersonFactory(residence_municipality=municipality_a, birth_date=date(1990, 5, 1))
    baby = PersonFactory(residence_municipality=municipality_a, birth_date=date(2025, 6, 1))
    child = PersonFactory(residence_municipality=municipality_a, birth_date=date(2019, 3, 1))
    HouseholdMemberFactory(household=household, person=mother, relationship="head")
    HouseholdMemberFactory(household=household, person=baby, relationship="child")
    HouseholdMemberFactory(household=household, person=child, relationship="child")
    profile = household_profile(household, on=date(2026, 11, 23))
    assert profile.size == 3
    assert profile.minors_count == 2
    assert profile.minor_ages == [1, 7]
    assert profile.children_0_3 == 1
    assert profile.children_first_1000_days == 1
    assert profile.single_parent is True


def test_opening_a_household_is_logged_as_a_read_of_each_member(social_worker_a, municipality_a):
    from ambito.registry.selectors import household_get, person_household

    household = HouseholdFactory(municipality=municipality_a)
    head = HouseholdMemberFactory(household=household, relationship="head").person
    child = HouseholdMemberFactory(
        household=household, relationship="child", person__residence_municipality=municipality_a
    ).person
    household_get(user=social_worker_a, uuid=household.uuid)
    assert set(AccessLog.objects.values_list("person", flat=True)) == {head.pk, child.pk}
    AccessLog.objects.all().delete()
    person_household(user=social_worker_a, person=head)
    assert list(AccessLog.objects.values_list("person", flat=True)) == [child.pk]
