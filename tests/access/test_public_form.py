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
