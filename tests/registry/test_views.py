from datetime import date

import pytest
from django.urls import reverse

from ambito.core import fiscal_code
from ambito.core.models import AccessLog
from ambito.registry.models import Person
from tests.factories import HouseholdFactory, HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_search_page_finds_a_person_by_surname_and_links_by_uuid(client, social_worker_a, person_a):
    client.force_login(social_worker_a)
    response = client.post(reverse("registry:search"), {"q": "ross"})
    assert response.status_code == 200
    assert reverse("registry:person_detail", args=[person_a.uuid]) in response.content.decode()


def test_search_with_htmx_returns_only_the_results_fragment(client, social_worker_a, person_a):
    client.force_login(social_worker_a)
    response = client.post(reverse("registry:search"), {"q": "ross"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert person_a.fiscal_code in body


def test_search_does_not_show_residents_of_other_municipalities(client, social_worker_a, person_b):
    client.force_login(social_worker_a)
    response = client.post(reverse("registry:search"), {"q": person_b.fiscal_code})
    assert f'<td class="cf">{person_b.fiscal_code}' not in response.content.decode()
    assert person_b.last_name not in response.content.decode()


def test_person_page_shows_household_and_isee_and_logs_the_read(
    client, social_worker_a, municipality_a
):
    household = HouseholdFactory(municipality=municipality_a)
    head = HouseholdMemberFactory(household=household, relationship="head").person
    child = HouseholdMemberFactory(
        household=household,
        relationship="child",
        person__birth_date=date(2024, 5, 1),
        person__residence_municipality=municipality_a,
    ).person
    client.force_login(social_worker_a)
    response = client.get(reverse("registry:person_detail", args=[head.uuid]))
    body = response.content.decode()
    assert response.status_code == 200
    assert head.fiscal_code in body
    assert child.last_name in body
    assert reverse("registry:household_detail", args=[household.uuid]) in body
    assert AccessLog.objects.filter(person=head, user=social_worker_a, action="view").count() == 1


@pytest.mark.parametrize("user_fixture", ["social_worker_other_zone", "social_worker_b"])
def test_a_person_outside_the_users_scope_is_not_found(client, request, person_a, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("registry:person_detail", args=[person_a.uuid]))
    assert response.status_code == 404
    assert person_a.last_name not in response.content.decode()


def test_planner_may_not_open_the_registry(client, planner, person_a):
    client.force_login(planner)
    assert client.get(reverse("registry:search")).status_code == 403
    assert client.get(reverse("registry:person_detail", args=[person_a.uuid])).status_code == 403


def test_anonymous_users_are_sent_to_login(client, person_a):
    response = client.get(reverse("registry:person_detail", args=[person_a.uuid]))
    assert response.status_code == 302
    assert reverse("core:login") in response["Location"]


def test_creating_a_person_with_a_wrong_check_letter_shows_the_italian_error(
    client, social_worker_a, municipality_a
):
    client.force_login(social_worker_a)
    code = fiscal_code.encode(
        last_name="Verdi",
        first_name="Anna",
        sex="F",
        birth_date=date(1985, 4, 12),
        birth_place_code="G713",
    )
    wrong = code[:15] + ("A" if code[15] != "A" else "B")
    response = client.post(
        reverse("registry:person_create"),
        {
            "fiscal_code": wrong,
            "last_name": "Verdi",
            "first_name": "Anna",
            "residence_municipality": municipality_a.pk,
            "legal_basis": "art9_2_h",
        },
    )
    assert response.status_code == 200
    assert "Il carattere di controllo è errato" in response.content.decode()
    assert not Person.objects.exists()


def test_creating_a_duplicate_links_to_the_existing_person(client, social_worker_a, person_a):
    client.force_login(social_worker_a)
    response = client.post(
        reverse("registry:person_create"),
        {
            "fiscal_code": person_a.fiscal_code,
            "last_name": person_a.last_name,
            "first_name": person_a.first_name,
            "residence_municipality": person_a.residence_municipality.pk,
            "legal_basis": "art9_2_h",
        },
    )
    assert reverse("registry:person_detail", args=[person_a.uuid]) in response.content.decode()
    assert Person.objects.count() == 1


def test_creating_a_person_redirects_to_their_page(client, social_worker_a, municipality_a):
    client.force_login(social_worker_a)
    code = fiscal_code.encode(
        last_name="Verdi",
        first_name="Anna",
        sex="F",
        birth_date=date(1985, 4, 12),
        birth_place_code="G713",
    )
    response = client.post(
        reverse("registry:person_create"),
        {
            "fiscal_code": code,
            "last_name": "Verdi",
            "first_name": "Anna",
            "residence_municipality": municipality_a.pk,
            "legal_basis": "art9_2_h",
        },
    )
    person = Person.objects.get()
    assert response["Location"] == reverse("registry:person_detail", args=[person.uuid])
    # No personal data in the URL the browser is sent to.
    assert code not in response["Location"]


def test_household_page_adds_a_member_by_codice_fiscale(
    client, social_worker_a, person_a, municipality_a
):
    client.force_login(social_worker_a)
    client.post(reverse("registry:household_create", args=[person_a.uuid]))
    household = person_a.memberships.get().household
    child = PersonFactory(residence_municipality=municipality_a, birth_date=date(2016, 2, 2))
    response = client.post(
        reverse("registry:household_detail", args=[household.uuid]),
        {
            "add_member": "1",
            "fiscal_code": child.fiscal_code,
            "relationship": "child",
            "start_date": "2020-01-01",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("registry:household_detail", args=[household.uuid])).content.decode()
    assert child.last_name in page
    assert 'data-testid="household-size">2<' in page


def test_isee_form_accepts_the_italian_number_format(client, social_worker_a, person_a):
    client.force_login(social_worker_a)
    response = client.post(
        reverse("registry:isee_add", args=[person_a.uuid]),
        {
            "kind": "ordinario",
            "value": "8.500,50",
            "valid_from": "2026-01-15",
            "valid_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("registry:person_detail", args=[person_a.uuid])).content.decode()
    assert "8.500,50" in page
    assert "15/01/2026" in page


def test_a_person_outside_the_users_municipalities_can_be_read_with_a_reason_and_is_flagged(
    client, social_worker_a, person_b
):
    client.force_login(social_worker_a)
    search = client.post(reverse("registry:search"), {"q": person_b.fiscal_code}).content.decode()
    assert "Consulta motivando" in search
    assert person_b.last_name not in search
    refused = client.post(
        reverse("registry:person_access_with_reason"),
        {"fiscal_code": person_b.fiscal_code, "reason": "boh"},
    )
    assert refused.status_code == 422
    assert "almeno 10 caratteri" in refused.content.decode()
    response = client.post(
        reverse("registry:person_access_with_reason"),
        {"fiscal_code": person_b.fiscal_code, "reason": "Segnalazione urgente del pronto soccorso"},
    )
    assert response["Location"] == reverse("registry:person_detail", args=[person_b.uuid])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "fuori dai comuni che segui" in page.content.decode()
    entry = AccessLog.objects.get(person=person_b, action="view")
    assert entry.flagged and entry.reason == "Segnalazione urgente del pronto soccorso"
    # Reading with a reason never opens the way to writing.
    assert client.get(reverse("registry:person_edit", args=[person_b.uuid])).status_code == 404


def test_a_reason_cannot_open_a_person_of_another_zone(client, social_worker_a, person_other_zone):
    client.force_login(social_worker_a)
    search = client.post(
        reverse("registry:search"), {"q": person_other_zone.fiscal_code}
    ).content.decode()
    assert "Consulta motivando" not in search
    response = client.post(
        reverse("registry:person_access_with_reason"),
        {
            "fiscal_code": person_other_zone.fiscal_code,
            "reason": "Segnalazione urgente del pronto soccorso",
        },
    )
    assert response.status_code == 404
    assert not AccessLog.objects.filter(person=person_other_zone).exists()


def test_the_search_count_is_singular_for_one_person(client, social_worker_a, person_a):
    client.force_login(social_worker_a)
    body = client.post(reverse("registry:search"), {"q": person_a.fiscal_code}).content.decode()
    assert "1 persona trovata" in body
    assert "persone trovate" not in body


def test_a_search_cut_at_the_first_page_says_how_many_match(client, front_office, municipality_a):
    for index in range(53):
        PersonFactory(
            residence_municipality=municipality_a, last_name="Verdi", first_name=f"N{index:02d}"
        )
    client.force_login(front_office)
    body = client.post(reverse("registry:search"), {"q": "verdi"}).content.decode()
    assert "Le prime 50 di 53 persone trovate" in body
    assert "50 persone trovate" not in body.replace("Le prime 50 di 53 persone trovate", "")
