"""The front desk's pages: fast form, daily list, callback queue, person page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ambito.access.models import Contact
from ambito.catalog.models import NeedArea
from ambito.core.models import AccessLog
from tests.access.conftest import make_contact, make_web_request

pytestmark = pytest.mark.django_db

NEW = "/accessi/nuovo/"


def form_data(access_point, **extra):
    """A fast form as the browser sends it; one need area ticked unless told otherwise."""
    elderly = NeedArea.objects.get(code="elderly")
    data = {
        "need_areas": [elderly.pk],
        "access_point": access_point.pk,
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "desk",
        "q": "",
        "searched_q": "",
        "person": "",
        "request_text": "Informazioni",
        "answer_text": "",
        "referral_kind": "",
        "outcome": "information",
        "minutes_spent": "5",
        "save": "",
    }
    data.update(extra)
    return data


def test_the_urls_are_where_the_front_desk_expects_them():
    assert reverse("access:home") == "/accessi/"
    assert reverse("access:contact_create") == NEW
    assert reverse("access:callback_queue") == "/accessi/da-richiamare/"


def test_the_fast_form_saves_an_anonymous_contact_and_shows_a_fresh_form(
    client, front_office, access_point_a, need_area
):
    client.force_login(front_office)
    response = client.post(NEW, form_data(access_point_a, need_areas=[need_area.pk]))
    assert response.status_code == 302
    assert response["Location"] == NEW
    contact = Contact.objects.get()
    assert contact.person is None and contact.operator == front_office
    assert list(contact.need_areas.all()) == [need_area]
    page = client.get(NEW)
    body = page.content.decode()
    assert "Accesso registrato." in body
    assert f'<option value="{access_point_a.pk}" selected' in body  # remembered
    assert "autofocus" in body


def test_the_fast_form_saves_an_identified_contact_and_opens_the_person_page(
    client, front_office, access_point_a, person_a, published_service
):
    client.force_login(front_office)
    response = client.post(
        NEW,
        form_data(
            access_point_a,
            person=str(person_a.uuid),
            referral_kind="service",
            referral_service=published_service.pk,
            outcome="referral",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:person_detail", args=[person_a.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "Accessi ai punti di accesso" in page
    assert published_service.name in page
    assert access_point_a.name in page


def test_the_person_search_works_without_javascript_and_keeps_what_was_typed(
    client, front_office, access_point_a, person_a
):
    client.force_login(front_office)
    response = client.post(
        NEW, form_data(access_point_a, q="ross", request_text="Richiesta scritta", search="1")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'value="{person_a.uuid}"' in body
    assert "Richiesta scritta" in body
    assert not Contact.objects.exists()
    assert "ross" not in response.wsgi_request.get_full_path()


def test_enter_in_the_search_box_searches_first_then_saves(
    client, front_office, access_point_a, person_a
):
    client.force_login(front_office)
    client.post(NEW, form_data(access_point_a, q="ross"))
    assert not Contact.objects.exists()
    response = client.post(NEW, form_data(access_point_a, q="ross", searched_q="ross"))
    assert response.status_code == 302
    assert Contact.objects.get().person is None


def test_the_htmx_person_search_returns_visible_persons_only_and_is_logged(
    client, social_worker_b, person_a, person_b
):
    client.force_login(social_worker_b)
    response = client.post(reverse("access:person_choices"), {"q": "b"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert str(person_b.uuid) in body
    assert str(person_a.uuid) not in body
    assert "<html" not in body
    assert AccessLog.objects.filter(user=social_worker_b, action="search").exists()


def test_the_fast_form_shows_errors_in_italian(client, front_office, access_point_a):
    client.force_login(front_office)
    start = timezone.localtime()
    response = client.post(
        NEW,
        form_data(
            access_point_a,
            started_at=(start + timezone.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        ),
    )
    assert response.status_code == 200
    assert "non possono essere nel futuro" in response.content.decode()
    assert not Contact.objects.exists()


def test_the_person_page_link_preselects_the_person(client, front_office, person_a):
    client.force_login(front_office)
    body = client.get(f"{NEW}?persona={person_a.uuid}").content.decode()
    assert f'value="{person_a.uuid}" checked' in body


def test_a_person_not_visible_cannot_be_preselected(client, social_worker_b, person_a):
    client.force_login(social_worker_b)
    assert client.get(f"{NEW}?persona={person_a.uuid}").status_code == 404


def test_the_person_page_shows_the_contacts_and_the_link_to_record_one(
    client, front_office, access_point_a, person_a
):
    make_contact(access_point=access_point_a, person=person_a)
    client.force_login(front_office)
    body = client.get(reverse("registry:person_detail", args=[person_a.uuid])).content.decode()
    assert access_point_a.name in body
    assert f"{NEW}?persona={person_a.uuid}" in body


def test_the_daily_list_of_an_access_point(client, front_office, access_point_a):
    make_contact(access_point=access_point_a, request_text="x", minutes_spent=7)
    client.force_login(front_office)
    url = reverse("access:access_point_day", args=[access_point_a.uuid])
    body = client.get(url, {"giorno": timezone.localdate().isoformat()}).content.decode()
    assert "minuti dedicati: 7" in body
    assert client.get(url, {"giorno": "2001-01-01"}).content.decode().count("Anonimo") == 0


def test_the_daily_list_of_another_zone_is_a_404(client, social_worker_other_zone, access_point_a):
    client.force_login(social_worker_other_zone)
    url = reverse("access:access_point_day", args=[access_point_a.uuid])
    assert client.get(url).status_code == 404


def test_the_callback_queue_marks_a_request_as_called_back(client, front_office, access_point_a):
    contact = make_web_request(access_point=access_point_a)
    client.force_login(front_office)
    body = client.get(reverse("access:callback_queue")).content.decode()
    assert "Anna Verdi" in body
    response = client.post(
        reverse("access:callback_complete", args=[contact.uuid]),
        {
            f"{contact.uuid}-answer_text": "Appuntamento lunedì",
            f"{contact.uuid}-outcome": "appointment",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.status == "called_back"
    assert "Anna Verdi" not in client.get(reverse("access:callback_queue")).content.decode()


def test_the_home_shows_the_number_of_requests_to_call_back(client, front_office, access_point_a):
    make_web_request(access_point=access_point_a)
    client.force_login(front_office)
    body = client.get(reverse("access:home")).content.decode()
    assert 'data-testid="callback-count">1<' in body


def test_users_without_permission_get_403(client, planner):
    client.force_login(planner)
    assert client.get(NEW).status_code == 403
    assert client.get(reverse("access:callback_queue")).status_code == 403


def test_the_admin_lists_contacts_read_only(client, zone_admin, access_point_a):
    zone_admin.is_staff = True
    zone_admin.save()
    client.force_login(zone_admin)
    contact = make_contact(access_point=access_point_a)
    assert client.get("/admin/access/contact/").status_code == 200
    response = client.get(f"/admin/access/contact/{contact.pk}/change/")
    assert response.status_code == 200
    assert client.get("/admin/access/contact/add/").status_code == 403


def test_a_superuser_with_no_zone_sees_no_contacts_in_the_admin(admin_client, access_point_a):
    """Personal data are read in a zone, never region-wide (core/admin_mixins.py)."""
    make_contact(access_point=access_point_a)
    page = admin_client.get("/admin/access/contact/")
    assert page.status_code == 200
    assert page.context["cl"].result_count == 0


# --- the Enter trap: nothing empty is ever saved (issue 15) -------------------------------------


def test_a_contact_without_a_need_area_is_refused_and_keeps_what_was_typed(
    client, front_office, access_point_a
):
    client.force_login(front_office)
    data = form_data(access_point_a, request_text="Chiede del bonus", need_areas=[])
    response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Indica almeno un&#x27;area di bisogno" in body
    assert "Chiede del bonus" in body
    assert not Contact.objects.exists()


def test_enter_after_a_search_without_choosing_a_person_saves_nothing(
    client, front_office, access_point_a, person_a, need_area
):
    client.force_login(front_office)
    data = form_data(access_point_a, q="ross", searched_q="ross", need_areas=[need_area.pk])
    del data["person"]  # no radio chosen: the browser sends no value
    response = client.post(NEW, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Scegli la persona tra quelle trovate" in body
    assert f'value="{person_a.uuid}"' in body and 'value="ross"' in body
    assert not Contact.objects.exists()


def test_after_a_search_no_person_radio_is_checked_by_default(
    client, front_office, access_point_a, person_a
):
    client.force_login(front_office)
    body = client.post(NEW, form_data(access_point_a, q="ross", search="1")).content.decode()
    assert 'id="persona-anonima" value="" checked' not in body
    assert f'value="{person_a.uuid}" checked' not in body  # a surname is not an exact match


def test_an_anonymous_contact_chosen_explicitly_after_a_search_is_saved(
    client, front_office, access_point_a, person_a, need_area
):
    client.force_login(front_office)
    data = form_data(access_point_a, q="ross", searched_q="ross", need_areas=[need_area.pk])
    response = client.post(NEW, data)  # person="" : "Anonimo o non identificato" chosen
    assert response.status_code == 302
    assert Contact.objects.get().person is None


def test_an_exact_fiscal_code_match_is_selected(client, front_office, access_point_a, person_a):
    client.force_login(front_office)
    code = person_a.fiscal_code.lower()
    body = client.post(NEW, form_data(access_point_a, q=code, search="1")).content.decode()
    assert f'value="{person_a.uuid}" checked' in body
    partial = client.post(reverse("access:person_choices"), {"q": code}, HTTP_HX_REQUEST="true")
    assert f'value="{person_a.uuid}" checked' in partial.content.decode()


def test_the_home_counts_todays_contacts_in_good_italian(
    client, front_office, access_point_a, need_area
):
    client.force_login(front_office)
    client.post(NEW, form_data(access_point_a))  # remembers the access point
    assert "1 accesso ·" in client.get("/accessi/").content.decode()
    client.post(NEW, form_data(access_point_a))
    assert "2 accessi ·" in client.get("/accessi/").content.decode()
