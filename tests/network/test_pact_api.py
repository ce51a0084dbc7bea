"""The pact's API: pacts with lines, adhesions, candidatures and their transitions, the
registry. Scoped as the pages: another organisation's rows are a 404, bad input a 422 in
Italian with nothing written."""

import datetime as dt

import pytest

from ambito.core.models import AccessLog, EventLog
from ambito.network.models import Adhesion, Candidature
from ambito.network.services import pact as pact_services
from tests.conftest import login

pytestmark = pytest.mark.django_db

API = "/api/v1/rete"
JSON = "application/json"


def sign(planner, pact, organisation):
    return pact_services.adhesion_sign(
        actor=planner,
        pact=pact,
        organisation=organisation,
        signed_on=dt.date(2026, 2, 1),
        signatory="Legale rappresentante",
    )


def candidature_body(line, organisation, **extra):
    return {
        "line": str(line.uuid),
        "organisation": str(organisation.uuid),
        "people": 2,
        "hours_per_month": "12.5",
        "money": "100.00",
        "contribution": "Sportello informativo",
        "proposed_role": "Partner",
        **extra,
    }


@pytest.fixture
def adhering(planner, pact, body_a, body_b):
    return sign(planner, pact, body_a), sign(planner, pact, body_b)


def test_the_pacts_are_listed_with_their_lines(client, operator_a, pact, line_1, line_2):
    body = login(client, operator_a).get(f"{API}/pacts").json()
    assert body["count"] == 1
    assert [line["code"] for line in body["items"][0]["lines"]] == ["L1", "L2"]
    assert client.get(f"{API}/pacts/{pact.uuid}").json()["title"] == pact.title


def test_the_plan_office_records_an_adhesion_and_a_second_one_is_a_422(
    client, planner, pact, body_a
):
    client = login(client, planner)
    payload = {
        "pact": str(pact.uuid),
        "organisation": str(body_a.uuid),
        "signed_on": "2026-02-01",
        "signatory": "Legale rappresentante",
    }
    response = client.post(f"{API}/adhesions", payload, content_type=JSON)
    assert response.status_code == 201
    again = client.post(f"{API}/adhesions", payload, content_type=JSON)
    assert again.status_code == 422
    assert "adesione in corso" in str(again.json())
    assert Adhesion.objects.count() == 1


def test_adherents_at_a_date_and_the_withdrawal(client, planner, pact, adhering):
    a, _ = adhering
    client = login(client, planner)
    bad = client.post(
        f"{API}/adhesions/{a.uuid}/withdrawal",
        {"withdrawn_on": "2026-05-01", "reason": ""},
        content_type=JSON,
    )
    assert bad.status_code == 422
    ok = client.post(
        f"{API}/adhesions/{a.uuid}/withdrawal",
        {"withdrawn_on": "2026-05-01", "reason": "Scioglimento"},
        content_type=JSON,
    )
    assert ok.status_code == 200 and ok.json()["withdrawn_on"] == "2026-05-01"
    on_june = client.get(f"{API}/adhesions", {"pact": str(pact.uuid), "on": "2026-06-01"}).json()
    assert on_june["count"] == 1


def test_an_operator_applies_and_the_office_takes_it_through_the_workflow(
    client, operator_a, planner, line_1, body_a, adhering
):
    client = login(client, operator_a)
    response = client.post(
        f"{API}/candidatures", candidature_body(line_1, body_a), content_type=JSON
    )
    assert response.status_code == 201
    uuid = response.json()["uuid"]
    assert response.json()["money"] == "100.00"
    client.logout()
    client = login(client, planner)
    for state in ("under_review", "accepted", "active"):
        response = client.post(
            f"{API}/candidatures/{uuid}/transitions", {"to_state": state}, content_type=JSON
        )
        assert response.status_code == 200, response.json()
    body = client.get(f"{API}/candidatures/{uuid}").json()
    assert body["state"] == "active"
    assert [t["to_state"] for t in body["transitions"]] == ["under_review", "accepted", "active"]
    assert AccessLog.objects.filter(object_uuid=uuid, user=planner).exists()


def test_a_candidature_to_a_line_of_another_zone_is_a_422_and_nothing_is_written(
    client, operator_a, body_a, line_other_zone, adhering
):
    response = login(client, operator_a).post(
        f"{API}/candidatures", candidature_body(line_other_zone, body_a), content_type=JSON
    )
    assert response.status_code == 422
    assert "non è del patto di questo ambito" in str(response.json())
    assert not Candidature.objects.exists()


def test_negative_hours_and_no_adhesion_are_422_in_italian(
    client, operator_b, planner, line_1, body_b
):
    response = login(client, operator_b).post(
        f"{API}/candidatures",
        candidature_body(line_1, body_b, hours_per_month="-1"),
        content_type=JSON,
    )
    assert response.status_code == 422
    text = str(response.json())
    assert "negativo" in text
    assert "sottoscrizione" in text
    assert not Candidature.objects.exists()


def test_operator_a_gets_a_404_on_bs_candidature(
    client, operator_a, operator_b, line_1, body_b, adhering
):
    created = login(client, operator_b).post(
        f"{API}/candidatures", candidature_body(line_1, body_b), content_type=JSON
    )
    uuid = created.json()["uuid"]
    client.logout()
    client = login(client, operator_a)
    assert client.get(f"{API}/candidatures/{uuid}").status_code == 404
    assert (
        client.patch(
            f"{API}/candidatures/{uuid}", {"revision": 1, "people": 9}, content_type=JSON
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{API}/candidatures/{uuid}/transitions", {"to_state": "withdrawn"}, content_type=JSON
        ).status_code
        == 404
    )
    assert client.get(f"{API}/candidatures").json()["count"] == 0
    assert client.get(f"{API}/organisations/{body_b.uuid}").status_code == 404


def test_a_stale_update_is_a_409(client, operator_a, line_1, body_a, adhering):
    client = login(client, operator_a)
    uuid = client.post(
        f"{API}/candidatures", candidature_body(line_1, body_a), content_type=JSON
    ).json()["uuid"]
    first = client.patch(
        f"{API}/candidatures/{uuid}", {"revision": 1, "people": 5}, content_type=JSON
    )
    assert first.status_code == 200 and first.json()["revision"] == 2
    stale = client.patch(
        f"{API}/candidatures/{uuid}", {"revision": 1, "people": 6}, content_type=JSON
    )
    assert stale.status_code == 409
    assert EventLog.objects.filter(object_uuid=uuid, action="update").count() == 1


def test_the_assembly_reads_but_cannot_write(client, assembly_member, pact, body_a, adhering):
    client = login(client, assembly_member)
    assert client.get(f"{API}/adhesions").json()["count"] == 2
    response = client.post(
        f"{API}/adhesions",
        {
            "pact": str(pact.uuid),
            "organisation": str(body_a.uuid),
            "signed_on": "2026-02-01",
            "signatory": "X",
        },
        content_type=JSON,
    )
    assert response.status_code == 403


def test_the_registry_is_the_zones_for_the_office_and_their_own_for_an_operator(
    client, planner, operator_a, body_a, body_b
):
    body = login(client, planner).get(f"{API}/organisations", {"runts_section": "a"}).json()
    assert [o["name"] for o in body["items"]] == [body_a.name]
    client.logout()
    body = login(client, operator_a).get(f"{API}/organisations").json()
    assert [o["uuid"] for o in body["items"]] == [str(body_a.uuid)]
    assert client.get(f"{API}/organisations", {"field_of_activity": "nope"}).status_code == 422


def test_the_signed_act_is_uploaded_through_the_api_and_a_bad_file_is_a_422(
    client, operator_a, adhering
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, b = adhering
    client = login(client, operator_a)
    url = f"{API}/adhesions/{a.uuid}/document"
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"<html>")})
    assert bad.status_code == 422
    pdf = b"%PDF-1.4\n%%EOF\n"
    good = client.post(url, {"file": SimpleUploadedFile("x.pdf", pdf)})
    assert good.status_code == 200 and good.json()["has_document"] is True
    other = client.post(
        f"{API}/adhesions/{b.uuid}/document", {"file": SimpleUploadedFile("x.pdf", pdf)}
    )
    assert other.status_code == 404
