"""The fast form's orientation panel and inline registration of a new person."""

from datetime import date
from html import unescape

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


def test_suggestions_announce_a_short_summary_out_of_band(client, front_office, person_a, charter):
    person_a.birth_date = date(1950, 5, 1)
    person_a.save()
    client.force_login(front_office)
    elderly = NeedArea.objects.get(code="elderly")
    html = client.post(
        SUGGESTIONS, {"person": str(person_a.uuid), "need_areas": [elderly.pk]}
    ).content.decode()
    status = html.split('id="suggerimenti-stato" hx-swap-oob="innerHTML">')[1].split("<")[0]
    assert status == "Servizi suggeriti aggiornati: 1 servizio adatto, 1 escluso."


def test_suggestions_for_a_new_person_use_the_residence_being_registered(
    client, front_office, municipality_b, zone_a
):
    only_b = make_service(zone_a, name="Trasporto Quarrata")
    only_b.municipalities.add(municipality_b)
    client.force_login(front_office)
    html = client.post(
        SUGGESTIONS, {"person": "", "nuova-residence_municipality": municipality_b.pk}
    ).content.decode()
    assert "Orienta verso questo servizio: Trasporto Quarrata" in html
    assert f"residente a {municipality_b.name}, comune previsto" in html


def test_without_javascript_orienta_sets_the_referral_and_saves_nothing(
    client, front_office, access_point_a, person_a, charter
):
    from ambito.access.models import Contact
    from tests.access.test_views import form_data

    home_care, _ = charter
    client.force_login(front_office)
    data = form_data(access_point_a, person=str(person_a.uuid), refer_service=home_care.pk)
    data.pop("save")
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert not Contact.objects.exists()
    assert f'<option value="{home_care.pk}" selected>Assistenza domiciliare</option>' in html
    assert '<option value="service" selected>' in html
    assert '<option value="referral" selected>' in html
    referral = html.split('name="referral_service"')[1].split(">")[0]
    assert "autofocus" in referral  # the operator lands on what was set
    # Saving then records the referral.
    data = form_data(
        access_point_a,
        person=str(person_a.uuid),
        referral_kind="service",
        referral_service=home_care.pk,
        outcome="referral",
    )
    assert client.post("/accessi/nuovo/", data).status_code == 302
    assert Contact.objects.get().referral_service == home_care


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
    # The rule broken, in Italian, under the new person's code field.
    assert 'id="id_nuova-fiscal_code-error"' in html
    assert "Il codice fiscale deve avere 16 caratteri: ne ha 6." in html
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
    assert f'name="person" id="persona-1" value="{person_a.uuid}"' in html  # to pick
    assert f'name="use_person" value="{person_a.uuid}"' in html  # or one press
    assert not Contact.objects.exists()
    # Showing the registered person is a read of the registry, logged (and not rolled back
    # with the refused registration).
    assert AccessLog.objects.filter(user=front_office, person=person_a).exists()


def duplicate_of(existing, access_point, municipality, **extra):
    return with_new_person(
        access_point,
        municipality,
        **{
            "nuova-fiscal_code": existing.fiscal_code.lower(),
            "nuova-last_name": existing.last_name,
            "nuova-first_name": existing.first_name,
            **extra,
        },
    )


def test_picking_the_person_already_registered_records_the_contact_for_them(
    client, front_office, access_point_a, municipality_a, person_a
):
    from ambito.access.models import Contact
    from ambito.registry.models import Person

    before = Person.objects.count()
    client.force_login(front_office)
    # The operator ticks the offered person; the new person's fields are still filled.
    data = duplicate_of(person_a, access_point_a, municipality_a, person=str(person_a.uuid))
    response = client.post("/accessi/nuovo/", data)
    assert response.status_code == 302
    assert response.url == f"/anagrafe/persone/{person_a.uuid}/"
    assert Contact.objects.get().person == person_a
    assert Person.objects.count() == before


def test_choose_this_person_clears_the_new_person_and_selects_the_registered_one(
    client, front_office, access_point_a, municipality_a, person_a
):
    from ambito.access.models import Contact

    client.force_login(front_office)
    data = duplicate_of(person_a, access_point_a, municipality_a, use_person=str(person_a.uuid))
    html = client.post("/accessi/nuovo/", data).content.decode()
    assert f'value="{person_a.uuid}" checked' in html
    assert 'data-testid="inline-person" open' not in html
    assert 'name="nuova-last_name" value=' not in html  # the new person's fields are empty
    assert 'data-testid="suggested-services"' in html  # the helper, for the person picked
    assert not Contact.objects.exists()


def test_a_duplicate_the_operator_may_not_see_is_not_revealed(
    client, social_worker_b, zone_a, municipality_a, municipality_b, person_a
):
    from ambito.access.models import Contact
    from tests.factories import AccessPointFactory

    point = AccessPointFactory(zone=zone_a, municipality=municipality_b, name="Segretariato B")
    client.force_login(social_worker_b)
    data = duplicate_of(person_a, point, municipality_b, **{"nuova-last_name": "Rossi"})
    html = unescape(client.post("/accessi/nuovo/", data).content.decode())
    assert "è già registrata nell'ambito, ma risiede in un comune che non segui" in html
    assert str(person_a.uuid) not in html and 'name="use_person"' not in html
    assert not AccessLog.objects.filter(person=person_a).exists()
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


def test_ids_in_the_page_are_never_written_with_a_thousands_separator(
    client, front_office, access_point_a, municipality_a
):
    """Keys above 999 are rendered as keys ("1055"), not as Italian numbers ("1.055"), or a
    button and the option it selects no longer match (found by the suite on PostgreSQL)."""
    from ambito.catalog.models import NeedArea, Service

    service = Service.objects.create(
        pk=1055,
        zone=access_point_a.zone,
        slug="assistenza-domiciliare",
        name="Assistenza domiciliare",
        short_description="Aiuto a casa.",
        status="published",
    )
    service.need_areas.add(NeedArea.objects.get(code="elderly"))
    client.force_login(front_office)
    area = NeedArea.objects.get(code="elderly")
    page = client.post(
        SUGGESTIONS, {"need_areas": [area.pk], "municipality": municipality_a.pk}
    ).content.decode()
    assert 'data-refer-service="1055"' in page
    form = client.get("/accessi/nuovo/").content.decode()
    assert '<option value="1055"' in form and "1.055" not in form
