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
