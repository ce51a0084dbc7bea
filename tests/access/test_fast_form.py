"""The fast form's orientation panel and inline registration of a new person."""

from datetime import date

import pytest

from ambito.catalog.models import NeedArea
from ambito.core.models import AccessLog
from tests.access.conftest import make_service

pytestmark = pytest.mark.django_db

SUGGESTIONS = "/accessi/nuovo/suggerimenti/"


@pytest.fixture
def charter(zone_a):
    home_care = make_service(zone_a, name="Assistenza domiciliare")
    home_care.need_areas.add(NeedArea.objects.get(code="elderly"))
    home_care.min_age = 65
    home_care.save()
    youth = make_service(zone_a, name="Centro giovani")
    youth.max_age = 25
    youth.save()
    make_service(zone_a, status="draft", name="Servizio in bozza")
    return home_care, youth


def test_suggestions_for_a_person_give_reasons_and_exclusions(
    client, front_office, person_a, charter
):
    person_a.birth_date = date(1950, 5, 1)
    person_a.save()
    client.force_login(front_office)
    elderly = NeedArea.objects.get(code="elderly")
    response = client.post(SUGGESTIONS, {"person": str(person_a.uuid), "need_areas": [elderly.pk]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Orienta verso questo servizio: Assistenza domiciliare" in html
    assert "area di bisogno: anziani" in html and "età 7" in html  # the age that qualifies
    excluded = html.split('data-testid="excluded-services"')[1]
    assert "Centro giovani" in excluded and "non riguarda le aree di bisogno indicate" in excluded
    assert "Servizio in bozza" not in html
    # Reading the person's age and ISEE for the helper is a logged read.
    assert AccessLog.objects.filter(user=front_office, person=person_a).exists()


def test_suggestions_for_an_anonymous_citizen_use_municipality_and_needs(
    client, front_office, municipality_a, charter
):
    client.force_login(front_office)
    elderly = NeedArea.objects.get(code="elderly")
    html = client.post(
        SUGGESTIONS, {"municipality": municipality_a.pk, "need_areas": [elderly.pk]}
    ).content.decode()
    assert "In base al comune" in html
    assert "Orienta verso questo servizio: Assistenza domiciliare" in html


def test_suggestions_wait_for_a_person_or_a_need(client, front_office, charter):
    client.force_login(front_office)
    html = client.post(SUGGESTIONS, {}).content.decode()
    assert "Orienta verso" not in html and "compariranno" in html


def test_suggestions_ignore_a_person_outside_the_scope(client, social_worker_b, person_a, charter):
    client.force_login(social_worker_b)
    html = client.post(SUGGESTIONS, {"person": str(person_a.uuid)}).content.decode()
    assert person_a.last_name not in html and person_a.fiscal_code not in html
    assert "della persona scelta" not in html
    assert not AccessLog.objects.filter(person=person_a).exists()


def test_suggestions_are_post_only_and_need_the_contact_permission(client, front_office, planner):
    client.force_login(front_office)
    assert client.get(SUGGESTIONS).status_code == 405
    client.force_login(planner)
    assert client.post(SUGGESTIONS, {}).status_code == 403


def test_the_fast_form_shows_suggestions_after_a_search_without_javascript(
    client, front_office, access_point_a, person_a, charter
):
    from tests.access.test_views import form_data

    client.force_login(front_office)
    data = form_data(access_point_a, person=str(person_a.uuid), q="rossi", search="1")
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert 'data-testid="suggested-services"' in html


# --- a new person registered with the contact ---------------------------------------------------


def new_code(last="Galli", first="Marta", sex="F", born=date(1979, 4, 2)):
    from ambito.core import fiscal_code

    return fiscal_code.encode(
        last_name=last, first_name=first, sex=sex, birth_date=born, birth_place_code="G713"
    )


def with_new_person(access_point, municipality, **extra):
    from tests.access.test_views import form_data

    data = form_data(access_point)
    data.update(
        {
            "nuova-fiscal_code": new_code(),
            "nuova-last_name": "Galli",
            "nuova-first_name": "Marta",
            "nuova-residence_municipality": municipality.pk,
            "nuova-phone": "0573 123456",
        }
    )
    data.update(extra)
    return data


def test_a_new_person_is_registered_with_the_contact(
    client, front_office, access_point_a, municipality_a
):
    from ambito.access.models import Contact
    from ambito.registry.models import Person

    client.force_login(front_office)
    response = client.post("/accessi/nuovo/", with_new_person(access_point_a, municipality_a))
    person = Person.objects.get(fiscal_code=new_code())
    assert response.status_code == 302
    assert response.url == f"/anagrafe/persone/{person.uuid}/"
    assert person.residence_municipality == municipality_a and person.sex == "F"
    contact = Contact.objects.get()
    assert contact.person == person and contact.municipality == municipality_a


def test_a_refused_contact_leaves_no_new_person_behind(
    client, front_office, access_point_a, municipality_a, zone_a
):
    from ambito.access.models import Contact
    from ambito.registry.models import Person

    draft = make_service(zone_a, status="draft", name="Bozza")
    client.force_login(front_office)
    # A referral to a draft service: refused by the contact service after the person was saved.
    data = with_new_person(
        access_point_a, municipality_a, referral_kind="service", referral_service=draft.pk
    )
    response = client.post("/accessi/nuovo/", data)
    assert response.status_code == 200
    assert not Person.objects.filter(fiscal_code=new_code()).exists()
    assert not Contact.objects.exists()


def test_a_bad_code_for_the_new_person_is_explained_and_saves_nothing(
    client, front_office, access_point_a, municipality_a
):
    from ambito.access.models import Contact
    from ambito.registry.models import Person

    before = Person.objects.count()
    client.force_login(front_office)
    data = with_new_person(access_point_a, municipality_a, **{"nuova-fiscal_code": "RSSMRA"})
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert "codice fiscale" in html.lower() and "has-error" in html
    assert 'data-testid="inline-person" open' in html
    assert Person.objects.count() == before and not Contact.objects.exists()


def test_missing_names_of_the_new_person_are_asked_in_italian(
    client, front_office, access_point_a, municipality_a
):
    client.force_login(front_office)
    data = with_new_person(access_point_a, municipality_a, **{"nuova-first_name": ""})
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert "Scrivi il nome." in html


def test_a_person_already_registered_is_offered_instead(
    client, front_office, access_point_a, municipality_a, person_a
):
    from ambito.access.models import Contact

    client.force_login(front_office)
    data = with_new_person(
        access_point_a,
        municipality_a,
        **{
            "nuova-fiscal_code": person_a.fiscal_code,
            "nuova-last_name": person_a.last_name,
            "nuova-first_name": person_a.first_name,
        },
    )
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert "già registrata" in html
    assert f'value="{person_a.uuid}"' in html  # among the choices, to pick
    assert not Contact.objects.exists()


def test_a_chosen_person_and_a_new_one_together_are_refused(
    client, front_office, access_point_a, municipality_a, person_a
):
    from ambito.registry.models import Person

    client.force_login(front_office)
    data = with_new_person(access_point_a, municipality_a, person=str(person_a.uuid))
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert "tieni solo una delle due" in html
    assert not Person.objects.filter(fiscal_code=new_code()).exists()


def test_names_not_matching_the_code_need_a_confirmation(
    client, front_office, access_point_a, municipality_a
):
    from ambito.registry.models import Person

    client.force_login(front_office)
    data = with_new_person(access_point_a, municipality_a, **{"nuova-last_name": "Verdi"})
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert 'data-testid="inline-person-warnings"' in html
    assert 'type="checkbox" name="nuova-confirmed"' in html
    assert not Person.objects.filter(fiscal_code=new_code()).exists()
    data["nuova-confirmed"] = "on"
    assert client.post("/accessi/nuovo/", data).status_code == 302
    assert Person.objects.get(fiscal_code=new_code()).last_name == "Verdi"
