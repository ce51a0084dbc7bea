"""The citizens' request form: no login, abuse-safe, nothing revealed."""

import pytest

from ambito.access import services
from ambito.access.models import Contact

pytestmark = pytest.mark.django_db

URL = "/carta/zona-a/richiesta/"


def data(access_point, municipality, **extra):
    values = {
        "name": "Anna Verdi",
        "contact": "anna@example.org",
        "municipality": municipality.pk,
        "access_point": access_point.pk,
        "request_text": "Vorrei informazioni sul sostegno alla famiglia.",
        "consent": "on",
        "website": "",
    }
    values.update(extra)
    return values


def test_the_form_is_public_and_lists_the_zone_choices(client, access_point_a, municipality_a):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert access_point_a.name in body
    assert "Informativa sulla privacy" in body
    assert "csrfmiddlewaretoken" in body


def test_an_unknown_zone_is_a_404(client):
    assert client.get("/carta/nessuna-zona/richiesta/").status_code == 404


def test_a_request_lands_in_the_queue_and_shows_a_thank_you(client, access_point_a, municipality_a):
    response = client.post(URL, data(access_point_a, municipality_a), follow=True)
    assert "Grazie" in response.content.decode()
    contact = Contact.objects.get()
    assert contact.status == "to_call_back" and contact.channel == "web"


def test_script_is_rejected_with_a_message_and_nothing_is_stored(
    client, access_point_a, municipality_a
):
    response = client.post(
        URL, data(access_point_a, municipality_a, request_text="<script>alert(1)</script>")
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "non può contenere codice HTML" in body
    assert "<script>alert" not in body
    assert not Contact.objects.exists()


def test_oversized_text_is_rejected(client, access_point_a, municipality_a):
    response = client.post(URL, data(access_point_a, municipality_a, request_text="a" * 2001))
    assert "al massimo 2000 caratteri" in response.content.decode()
    assert not Contact.objects.exists()


def test_consent_is_required(client, access_point_a, municipality_a):
    values = data(access_point_a, municipality_a)
    del values["consent"]
    response = client.post(URL, values)
    assert "devi acconsentire" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_filled_honeypot_gets_the_same_thank_you_and_stores_nothing(
    client, access_point_a, municipality_a
):
    response = client.post(URL, data(access_point_a, municipality_a, website="http://spam"))
    assert response.status_code == 302
    assert response["Location"] == "/carta/zona-a/richiesta/inviata/"
    assert not Contact.objects.exists()


def test_the_rate_limit_answers_in_italian(client, access_point_a, municipality_a):
    for _ in range(services.RATE_LIMIT):
        client.post(URL, data(access_point_a, municipality_a))
    response = client.post(URL, data(access_point_a, municipality_a))
    assert "Troppe richieste" in response.content.decode()
    assert Contact.objects.count() == services.RATE_LIMIT


def test_an_access_point_of_another_zone_cannot_be_chosen(
    client, access_point_a, access_point_other_zone, municipality_a
):
    response = client.post(URL, data(access_point_other_zone, municipality_a))
    assert response.status_code == 422
    assert not Contact.objects.exists()


def test_csrf_is_enforced():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {}).status_code == 403


# --- the access points of the municipality chosen (issue 15) -------------------------------------


def point_select(body: str) -> str:
    """The access point list as sent (the script's full list lives in a <template>)."""
    return body.split('name="access_point"')[1].split("</select>")[0]


@pytest.fixture
def access_point_b(zone_a, municipality_b):
    from tests.factories import AccessPointFactory

    return AccessPointFactory(zone=zone_a, municipality=municipality_b, name="Sportello Quarrata")


def test_without_javascript_choosing_the_municipality_lists_only_its_access_points(
    client, access_point_a, access_point_b, municipality_b
):
    response = client.get(URL, {"comune": municipality_b.pk})
    points = point_select(response.content.decode())
    assert response.status_code == 200
    assert "Sportello Quarrata" in points and access_point_a.name not in points
    # The same from the form's own button, keeping what was typed and saving nothing.
    response = client.post(
        URL,
        {"name": "Anna Verdi", "municipality": municipality_b.pk, "choose_municipality": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Sportello Quarrata" in point_select(body)
    assert access_point_a.name not in point_select(body)
    assert 'value="Anna Verdi"' in body
    assert "invalid-feedback" not in body  # not a submission: no errors yet
    assert not Contact.objects.exists()


def test_an_access_point_of_another_municipality_is_refused(
    client, access_point_a, access_point_b, municipality_b
):
    response = client.post(URL, data(access_point_a, municipality_b))
    assert response.status_code == 422
    assert "Scegli un punto di accesso del tuo comune" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_options_say_their_municipality_for_the_script(
    client, access_point_a, access_point_b, municipality_a
):
    body = client.get(URL).content.decode()
    assert f'data-comune="{municipality_a.pk}"' in body
    assert "public-request.js" in body


def test_a_municipality_without_an_access_point_may_use_any_of_the_zone(
    client, access_point_a, zone_a
):
    from tests.factories import MunicipalityFactory

    small = MunicipalityFactory(zone=zone_a, name="Sambuca Pistoiese")
    body = client.get(URL, {"comune": small.pk}).content.decode()
    assert access_point_a.name in point_select(body)
    assert "non ha un punto di accesso" in body
    response = client.post(URL, data(access_point_a, small), follow=True)
    assert "Grazie" in response.content.decode()
    assert Contact.objects.get().municipality == small


def test_the_service_refuses_an_access_point_of_another_municipality(
    zone_a, access_point_a, access_point_b, municipality_b
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.callback_request_create(
            zone=zone_a,
            access_point=access_point_a,
            name="Anna Verdi",
            contact="333 1234567",
            municipality=municipality_b,
            request_text="Informazioni",
            consent=True,
            client_ip="203.0.113.9",
        )
    assert "access_point" in exc.value.message_dict
    assert not Contact.objects.exists()
