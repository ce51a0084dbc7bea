"""The registry API: same scoping and audit as the pages, over session or bearer token."""

import json
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ambito.core import fiscal_code
from ambito.core.models import AccessLog, EventLog
from ambito.core.services import api_token_create, api_token_revoke
from ambito.registry.models import Household, HouseholdMember, IseeRecord, Person
from tests.factories import (
    HouseholdFactory,
    HouseholdMemberFactory,
    IseeRecordFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1"


def session_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_client(user) -> Client:
    _, key = api_token_create(user=user, name="integrazione di prova")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client, path, data=None):
    return client.post(API + path, data or {}, content_type="application/json")


def patch(client, path, data):
    return client.patch(API + path, data, content_type="application/json")


def fiscal_code_for(last_name, first_name, sex, birth_date, place="G713"):
    return fiscal_code.encode(
        last_name=last_name,
        first_name=first_name,
        sex=sex,
        birth_date=birth_date,
        birth_place_code=place,
    )


def years_ago(years: int, extra_days: int = 0) -> date:
    today = timezone.localdate()
    return date(today.year - years, today.month, min(today.day, 28)) - timedelta(extra_days)


def keys_of(payload) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(payload, dict):
        return set(payload) | {key for value in payload.values() for key in keys_of(value)}
    if isinstance(payload, list):
        return {key for value in payload for key in keys_of(value)}
    return set()


# --- who may see what ----------------------------------------------------------------------


def test_social_worker_of_another_zone_gets_404_and_leaves_no_trace_on_the_person(
    social_worker_other_zone, person_a
):
    client = token_client(social_worker_other_zone)
    response = client.get(f"{API}/persons/{person_a.uuid}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Non trovato."}
    assert not AccessLog.objects.filter(person=person_a).exists()
    assert not AccessLog.objects.filter(object_uuid=person_a.uuid).exists()


def test_social_worker_cannot_see_a_resident_of_a_municipality_they_do_not_serve(
    social_worker_a, person_a, person_b
):
    client = session_client(social_worker_a)
    assert client.get(f"{API}/persons/{person_a.uuid}").status_code == 200
    assert client.get(f"{API}/persons/{person_b.uuid}").status_code == 404
    assert not AccessLog.objects.filter(person=person_b).exists()


def test_front_office_sees_the_residents_of_every_municipality_of_the_zone(
    front_office, person_a, person_b, person_other_zone
):
    client = session_client(front_office)
    assert client.get(f"{API}/persons/{person_a.uuid}").status_code == 200
    assert client.get(f"{API}/persons/{person_b.uuid}").status_code == 200
    assert client.get(f"{API}/persons/{person_other_zone.uuid}").status_code == 404
    listed = client.get(f"{API}/persons").json()
    assert {item["uuid"] for item in listed["items"]} == {str(person_a.uuid), str(person_b.uuid)}


@pytest.mark.parametrize("user_fixture", ["planner", "outsider"])
def test_users_without_registry_permissions_are_forbidden(request, user_fixture, person_a):
    client = session_client(request.getfixturevalue(user_fixture))
    calls = [
        client.get(f"{API}/persons"),
        client.get(f"{API}/persons/{person_a.uuid}"),
        client.get(f"{API}/persons/{person_a.uuid}/isee"),
        post(client, "/persons/search", {"q": "ros"}),
        post(
            client,
            "/persons",
            {
                "fiscal_code": person_a.fiscal_code,
                "last_name": "Rossi",
                "first_name": "Mario",
                "residence_municipality": str(person_a.residence_municipality.uuid),
            },
        ),
        patch(client, f"/persons/{person_a.uuid}", {"phone": "0573 000000"}),
    ]
    for response in calls:
        assert response.status_code == 403, response.content
        assert response.json() == {"detail": "Non hai il permesso per questa operazione."}
    assert not AccessLog.objects.exists()


def test_an_unauthenticated_request_gets_401(person_a):
    client = Client()
    assert client.get(f"{API}/persons/{person_a.uuid}").status_code == 401
    response = post(client, "/persons/search", {"q": "rossi"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Autenticazione richiesta."}


def test_a_made_up_token_gets_401(person_a):
    client = Client(headers={"Authorization": "Bearer amb_non-esiste"})
    assert client.get(f"{API}/persons/{person_a.uuid}").status_code == 401


# --- authentication and audit channel ------------------------------------------------------


def test_a_bearer_token_authenticates_and_reads_are_logged_on_the_api_channel(
    front_office, person_a
):
    client = token_client(front_office)
    response = client.get(f"{API}/persons/{person_a.uuid}")
    assert response.status_code == 200
    entry = AccessLog.objects.get(person=person_a)
    assert (entry.user, entry.action, entry.channel) == (front_office, "view", "api")
    assert entry.object_uuid == person_a.uuid


@pytest.mark.parametrize("how", ["revoked", "expired"])
def test_a_revoked_or_expired_token_gets_401(front_office, person_a, how):
    token, key = api_token_create(user=front_office, name="vecchio")
    if how == "revoked":
        api_token_revoke(user=front_office, token=token)
    else:
        token.expires_at = timezone.now() - timedelta(minutes=1)
        token.save()
    client = Client(headers={"Authorization": f"Bearer {key}"})
    assert client.get(f"{API}/persons/{person_a.uuid}").status_code == 401
    assert post(client, "/persons/search", {"q": "rossi"}).status_code == 401
    assert not AccessLog.objects.exists()


def test_session_authentication_works_and_logs_on_the_api_channel(social_worker_a, person_a):
    client = session_client(social_worker_a)
    response = post(client, "/persons/search", {"q": "rossi"})
    assert response.status_code == 200
    assert [item["uuid"] for item in response.json()["items"]] == [str(person_a.uuid)]
    entry = AccessLog.objects.get()
    assert (entry.action, entry.channel, entry.user) == ("search", "api", social_worker_a)


def test_writes_are_logged_on_the_api_channel(front_office, municipality_a):
    client = token_client(front_office)
    code = fiscal_code_for("Verdi", "Anna", "F", date(1985, 3, 4))
    response = post(
        client,
        "/persons",
        {
            "fiscal_code": code,
            "last_name": "Verdi",
            "first_name": "Anna",
            "residence_municipality": str(municipality_a.uuid),
        },
    )
    assert response.status_code == 201, response.content
    person = Person.objects.get(fiscal_code=code)
    event = EventLog.objects.get(person=person)
    assert (event.action, event.channel, event.user) == ("create", "api", front_office)


# --- search and list -----------------------------------------------------------------------


def test_search_by_fiscal_code_finds_the_person_and_logs_one_search(front_office, person_a):
    PersonFactory(residence_municipality=person_a.residence_municipality, last_name="Rossi")
    client = token_client(front_office)
    response = post(client, "/persons/search", {"q": person_a.fiscal_code.lower()})
    assert response.status_code == 200
    [found] = response.json()["items"]
    assert found == {
        "uuid": str(person_a.uuid),
        "fiscal_code": person_a.fiscal_code,
        "last_name": "Rossi",
        "first_name": "Mario",
        "birth_date": person_a.birth_date.isoformat(),
        "sex": "M",
        "residence_municipality": {
            "uuid": str(person_a.residence_municipality.uuid),
            "name": person_a.residence_municipality.name,
        },
    }
    entry = AccessLog.objects.get()
    assert entry.detail["kind"] == "fiscal_code"
    assert entry.detail["results"] == 1
    assert person_a.fiscal_code not in json.dumps(entry.detail)


def test_search_by_fiscal_code_field_and_birth_date(front_office, person_a, person_b):
    client = token_client(front_office)
    by_code = post(client, "/persons/search", {"fiscal_code": person_b.fiscal_code})
    assert [item["uuid"] for item in by_code.json()["items"]] == [str(person_b.uuid)]
    by_date = post(client, "/persons/search", {"birth_date": person_a.birth_date.isoformat()})
    assert [item["uuid"] for item in by_date.json()["items"]] == [str(person_a.uuid)]


def test_search_by_surname_prefix_is_ordered_and_scoped(
    social_worker_a, municipality_a, municipality_b
):
    rossi = PersonFactory(residence_municipality=municipality_a, last_name="Rossi")
    rosati = PersonFactory(residence_municipality=municipality_a, last_name="Rosati")
    PersonFactory(residence_municipality=municipality_a, last_name="Bianchi")
    PersonFactory(residence_municipality=municipality_b, last_name="Rossetti")  # not served
    client = token_client(social_worker_a)
    response = post(client, "/persons/search", {"q": "ros"})
    assert [item["uuid"] for item in response.json()["items"]] == [
        str(rosati.uuid),
        str(rossi.uuid),
    ]
    assert AccessLog.objects.get().detail["results"] == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("maz", ["Mazza", "Mazzi"]),
        ("mazz", ["Mazza", "Mazzi"]),
        ("mb", ["Mbappe"]),
        ("zz", ["Zzaro"]),
        ("z", ["Zucchi", "Zzaro"]),
        ("ma", ["Mazza", "Mazzi"]),
    ],
)
def test_surname_prefixes_find_exactly_the_surnames_that_start_with_them(
    front_office, municipality_a, text, expected
):
    for surname in ["Mazzi", "Mazza", "Mbappe", "Zucchi", "Zzaro", "Lazzi"]:
        PersonFactory(residence_municipality=municipality_a, last_name=surname)
    response = post(token_client(front_office), "/persons/search", {"q": text})
    assert sorted(item["last_name"] for item in response.json()["items"]) == expected


def test_an_empty_search_is_rejected_with_an_italian_message(front_office):
    response = post(token_client(front_office), "/persons/search", {"q": "  "})
    assert response.status_code == 422
    assert "codice fiscale" in response.json()["errors"]["q"][0]
    assert not AccessLog.objects.exists()


def test_search_terms_are_not_accepted_in_the_url(front_office, person_a):
    client = token_client(front_office)
    response = client.get(f"{API}/persons/search?q={person_a.last_name}")
    assert response.status_code in (404, 405, 422)
    assert not AccessLog.objects.filter(detail__results__gt=0).exists()


def test_person_list_is_paginated_with_the_next_page_and_logged_with_the_count(
    front_office, municipality_a
):
    PersonFactory.create_batch(5, residence_municipality=municipality_a)
    client = token_client(front_office)
    first = client.get(f"{API}/persons?limit=2").json()
    assert (first["count"], len(first["items"])) == (5, 2)
    assert first["next"] == f"http://testserver{API}/persons?limit=2&offset=2"
    rest = client.get(f"{API}/persons?limit=2&offset=4").json()
    assert len(rest["items"]) == 1 and rest["next"] is None
    entries = AccessLog.objects.order_by("id")
    assert [(e.action, e.channel, e.detail["results"]) for e in entries] == [
        ("search", "api", 2),
        ("search", "api", 1),
    ]


@pytest.mark.parametrize("query", ["limit=1000", "limit=0", "offset=-1", f"offset={10**20}"])
def test_a_limit_or_offset_out_of_bounds_is_a_422_in_italian_not_a_500(front_office, query):
    response = token_client(front_office).get(f"{API}/persons?{query}")
    assert response.status_code == 422
    assert response.json()["detail"] == "Richiesta non valida: controlla i campi inviati."
    assert response.json()["errors"][0]["msg"] in {
        "Valore troppo grande.",
        "Valore troppo piccolo.",
    }


def test_a_search_is_paginated_and_never_cut_at_a_fixed_number(front_office, municipality_a):
    PersonFactory.create_batch(60, residence_municipality=municipality_a, last_name="Rossi")
    client = token_client(front_office)
    first = post(client, "/persons/search", {"q": "rossi"}).json()
    assert len(first["items"]) == 50 and first["next"] and first["count"] == 60
    logged = AccessLog.objects.filter(user=front_office, action="search").latest("pk")
    assert logged.detail["results"] == 50  # only the page answered is read
    second = client.post(first["next"], {"q": "rossi"}, content_type="application/json").json()
    assert len(second["items"]) == 10 and second["next"] is None
    assert second["count"] == 60
    assert not {p["uuid"] for p in first["items"]} & {p["uuid"] for p in second["items"]}


# --- person detail, create, update ---------------------------------------------------------


def test_person_detail_has_every_registry_field_and_the_current_household(front_office, person_a):
    household = HouseholdFactory(municipality=person_a.residence_municipality)
    HouseholdMemberFactory(household=household, person=person_a, relationship="head")
    response = token_client(front_office).get(f"{API}/persons/{person_a.uuid}")
    body = response.json()
    assert body["household"] == str(household.uuid)
    assert body["household_relationship"] == "head"
    assert body["legal_basis"] == "art9_2_h"
    assert body["privacy_notice_date"] is None
    assert body["birth_place_code"] == "G713"
    assert "id" not in keys_of(body)


def test_creating_a_person_decodes_the_fiscal_code(front_office, municipality_b):
    code = fiscal_code_for("De Luca", "Anna", "F", date(1990, 5, 17), place="H109")
    response = post(
        token_client(front_office),
        "/persons",
        {
            "fiscal_code": code.lower(),
            "last_name": "De Luca",
            "first_name": "Anna",
            "residence_municipality": str(municipality_b.uuid),
            "privacy_notice_date": "2026-01-15",
            "phone": "0573 123456",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["fiscal_code"] == code
    assert (body["birth_date"], body["sex"], body["birth_place"]) == ("1990-05-17", "F", "Quarrata")
    assert body["privacy_notice_date"] == "2026-01-15"
    assert body["household"] is None
    assert body["residence_municipality"]["uuid"] == str(municipality_b.uuid)


@pytest.mark.parametrize(
    ("mangle", "expected"),
    [
        (lambda code: code[:15], "deve avere 16 caratteri: ne ha 15"),
        (lambda code: code[:10] + "#" + code[11:], "solo lettere e cifre"),
        (
            lambda code: code[:15] + ("A" if code[15] != "A" else "B"),
            "carattere di controllo è errato",
        ),
    ],
    ids=["length", "characters", "check-letter"],
)
def test_creating_with_an_invalid_fiscal_code_says_what_is_wrong_and_writes_nothing(
    front_office, municipality_a, mangle, expected
):
    client = token_client(front_office)
    events_before = EventLog.objects.count()
    code = mangle(fiscal_code_for("Verdi", "Anna", "F", date(1985, 3, 4)))
    response = post(
        client,
        "/persons",
        {
            "fiscal_code": code,
            "last_name": "Verdi",
            "first_name": "Anna",
            "residence_municipality": str(municipality_a.uuid),
        },
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dati non validi."
    assert expected in body["errors"]["fiscal_code"][0]
    assert not Person.objects.exists()
    assert EventLog.objects.count() == events_before
    assert not AccessLog.objects.exists()


def test_creating_a_duplicate_returns_409_linking_to_the_existing_person(front_office, person_a):
    response = post(
        token_client(front_office),
        "/persons",
        {
            "fiscal_code": person_a.fiscal_code,
            "last_name": "Rossi",
            "first_name": "Mario",
            "residence_municipality": str(person_a.residence_municipality.uuid),
        },
    )
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["existing"]) == ("duplicate", str(person_a.uuid))
    assert "già registrata" in body["detail"]
    assert Person.objects.count() == 1


def test_a_duplicate_the_caller_may_not_see_is_reported_without_its_identifier(
    social_worker_a, person_b, municipality_a
):
    response = post(
        token_client(social_worker_a),
        "/persons",
        {
            "fiscal_code": person_b.fiscal_code,
            "last_name": "Bianchi",
            "first_name": "Giulia",
            "residence_municipality": str(municipality_a.uuid),
        },
    )
    assert response.status_code == 409
    assert response.json()["existing"] is None
    assert str(person_b.uuid) not in response.content.decode()


def test_a_homonym_needs_confirmation_then_is_created_when_confirmed(front_office, person_a):
    other_code = fiscal_code_for("Rossi", "Mario", "M", person_a.birth_date, place="H109")
    payload = {
        "fiscal_code": other_code,
        "last_name": "Rossi",
        "first_name": "Mario",
        "residence_municipality": str(person_a.residence_municipality.uuid),
    }
    client = token_client(front_office)
    first = post(client, "/persons", payload)
    assert first.status_code == 409
    body = first.json()
    assert body["code"] == "needs_confirmation"
    assert body["homonyms"] == [str(person_a.uuid)]
    assert any("stesso nome" in warning for warning in body["warnings"])
    assert Person.objects.count() == 1

    second = post(client, "/persons", {**payload, "confirmed": True})
    assert second.status_code == 201
    assert Person.objects.filter(fiscal_code=other_code).exists()


def test_names_that_do_not_match_the_code_need_confirmation(front_office, municipality_a):
    code = fiscal_code_for("Verdi", "Anna", "F", date(1985, 3, 4))
    response = post(
        token_client(front_office),
        "/persons",
        {
            "fiscal_code": code,
            "last_name": "Neri",
            "first_name": "Anna",
            "residence_municipality": str(municipality_a.uuid),
        },
    )
    assert response.status_code == 409
    assert response.json()["homonyms"] == []
    assert "cognome" in response.json()["warnings"][0]


def test_a_social_worker_cannot_register_a_resident_of_another_municipality(
    social_worker_a, municipality_b
):
    code = fiscal_code_for("Verdi", "Anna", "F", date(1985, 3, 4))
    response = post(
        token_client(social_worker_a),
        "/persons",
        {
            "fiscal_code": code,
            "last_name": "Verdi",
            "first_name": "Anna",
            "residence_municipality": str(municipality_b.uuid),
        },
    )
    assert response.status_code == 422
    assert "comuni che segui" in response.json()["errors"]["residence_municipality"][0]
    assert not Person.objects.exists()


def test_patch_changes_only_the_fields_sent_and_logs_them(social_worker_a, person_a):
    client = token_client(social_worker_a)
    response = patch(
        client,
        f"/persons/{person_a.uuid}",
        {"phone": "0573 999999", "privacy_notice_date": "2026-02-01"},
    )
    assert response.status_code == 200, response.content
    person_a.refresh_from_db()
    assert (person_a.phone, person_a.first_name) == ("0573 999999", "Mario")
    event = EventLog.objects.get(person=person_a, action="update")
    assert event.channel == "api"
    assert event.fields == ["phone", "privacy_notice_date"]


def test_patch_cannot_empty_a_required_field_and_rejects_bad_email(social_worker_a, person_a):
    client = token_client(social_worker_a)
    response = patch(client, f"/persons/{person_a.uuid}", {"last_name": None})
    assert response.status_code == 422
    assert response.json()["errors"]["last_name"] == ["Questo campo non può essere vuoto."]
    response = patch(client, f"/persons/{person_a.uuid}", {"email": "non-una-email"})
    assert response.status_code == 422
    assert "email" in response.json()["errors"]
    assert not EventLog.objects.filter(person=person_a).exists()


def test_patch_of_a_person_the_caller_may_not_see_is_404(social_worker_b, person_a):
    response = patch(token_client(social_worker_b), f"/persons/{person_a.uuid}", {"phone": "1"})
    assert response.status_code == 404
    person_a.refresh_from_db()
    assert person_a.phone == ""


# --- ISEE ----------------------------------------------------------------------------------


def test_isee_history_is_read_and_logged_and_a_record_can_be_added(social_worker_a, person_a):
    IseeRecordFactory(person=person_a, value="8500.00")
    client = token_client(social_worker_a)
    history = client.get(f"{API}/persons/{person_a.uuid}/isee").json()["items"]
    assert [(item["value"], item["person"]) for item in history] == [
        ("8500.00", str(person_a.uuid))
    ]
    read = AccessLog.objects.get(person=person_a)
    assert (read.object_type, read.channel) == ("registry.iseerecord", "api")

    response = post(
        client,
        f"/persons/{person_a.uuid}/isee",
        {"value": "12000.50", "valid_from": "2027-01-01", "valid_until": "2027-12-31"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "ordinario"
    assert IseeRecord.objects.filter(person=person_a).count() == 2
    event = EventLog.objects.get(object_type="registry.iseerecord", action="create")
    assert (event.person, event.channel) == (person_a, "api")


def test_isee_with_dates_reversed_is_rejected_in_italian(social_worker_a, person_a):
    response = post(
        token_client(social_worker_a),
        f"/persons/{person_a.uuid}/isee",
        {"value": "100", "valid_from": "2027-12-31", "valid_until": "2027-01-01"},
    )
    assert response.status_code == 422
    assert not IseeRecord.objects.exists()


# --- households ----------------------------------------------------------------------------


def test_household_shows_members_and_the_figures_of_the_reports(front_office, municipality_a):
    household = HouseholdFactory(municipality=municipality_a)

    def member(relationship, birth_date, sex="F"):
        return HouseholdMemberFactory(
            household=household,
            relationship=relationship,
            person=PersonFactory(
                residence_municipality=municipality_a, birth_date=birth_date, sex=sex
            ),
        )

    head = member("head", years_ago(38))
    member("child", years_ago(1, extra_days=20))  # in the first 1000 days
    member("child", years_ago(3, extra_days=20))
    member("child", years_ago(10))
    HouseholdMemberFactory(
        household=household,
        relationship="partner",
        start_date=date(2020, 1, 1),
        end_date=date(2023, 6, 30),
        person=PersonFactory(residence_municipality=municipality_a, birth_date=years_ago(40)),
    )
    response = token_client(front_office).get(f"{API}/households/{household.uuid}")
    assert response.status_code == 200
    body = response.json()
    assert body["profile"] == {
        "on": timezone.localdate().isoformat(),
        "size": 4,
        "adults": 1,
        "minors_count": 3,
        "minor_ages": [1, 3, 10],
        "children_0_3": 2,
        "children_first_1000_days": 1,
        "single_parent": True,
    }
    assert len(body["members"]) == 5
    first = body["members"][0]
    assert first["person"]["uuid"] == str(head.person.uuid)
    assert (first["relationship"], first["end_date"]) == ("head", None)
    assert [m["end_date"] for m in body["members"]].count("2023-06-30") == 1
    # One read per member, so that each member's access history shows it.
    entries = AccessLog.objects.all()
    assert entries.count() == 5
    assert {(e.object_type, e.object_uuid, e.channel) for e in entries} == {
        ("registry.household", household.uuid, "api")
    }


def test_a_household_of_a_municipality_not_served_is_404(social_worker_b, municipality_a):
    household = HouseholdFactory(municipality=municipality_a)
    response = token_client(social_worker_b).get(f"{API}/households/{household.uuid}")
    assert response.status_code == 404
    assert not AccessLog.objects.exists()


def test_a_household_is_created_grown_and_shrunk_with_every_change_logged(
    social_worker_a, municipality_a
):
    head = PersonFactory(residence_municipality=municipality_a, birth_date=date(1980, 2, 2))
    child = PersonFactory(residence_municipality=municipality_a, birth_date=date(2015, 3, 3))
    client = token_client(social_worker_a)

    created = post(client, "/households", {"head": str(head.uuid), "start_date": "2024-01-01"})
    assert created.status_code == 201, created.content
    household_uuid = created.json()["uuid"]
    assert created.json()["profile"]["size"] == 1

    added = post(
        client,
        f"/households/{household_uuid}/members",
        {"person": str(child.uuid), "relationship": "child", "start_date": "2024-01-01"},
    )
    assert added.status_code == 201, added.content
    assert added.json()["profile"]["minors_count"] == 1
    assert added.json()["profile"]["single_parent"] is True

    again = post(
        client,
        f"/households/{household_uuid}/members",
        {"person": str(child.uuid), "relationship": "child"},
    )
    assert again.status_code == 422
    assert "già componente" in again.json()["errors"]["__all__"][0]

    ended = post(
        client, f"/households/{household_uuid}/members/{child.uuid}/end", {"end_date": "2025-01-31"}
    )
    assert ended.status_code == 200, ended.content
    assert ended.json()["profile"]["size"] == 1
    assert HouseholdMember.objects.get(person=child).end_date == date(2025, 1, 31)

    household = Household.objects.get(uuid=household_uuid)
    events = EventLog.objects.filter(object_uuid=household.uuid).order_by("id")
    assert [(e.action, e.channel) for e in events] == [
        ("create", "api"),
        ("link", "api"),
        ("unlink", "api"),
    ]


def test_a_household_cannot_be_built_around_a_person_the_caller_may_not_see(
    social_worker_a, person_b
):
    response = post(token_client(social_worker_a), "/households", {"head": str(person_b.uuid)})
    assert response.status_code == 422
    assert "head" in response.json()["errors"]
    assert not Household.objects.exists()


def test_ending_a_membership_that_does_not_exist_is_404(front_office, municipality_a, person_a):
    household = HouseholdFactory(municipality=municipality_a)
    response = post(
        token_client(front_office), f"/households/{household.uuid}/members/{person_a.uuid}/end"
    )
    assert response.status_code == 404
