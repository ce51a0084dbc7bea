# ruff: noqa: F811 (the fixtures imported from test_agreements are used as arguments)
"""The agreements' API: scoped as the pages (another organisation's agreement is a 404), 422
with the Italian messages, create, renew, terminate, the expiring ones."""

import datetime as dt

import pytest
from freezegun import freeze_time

from ambito.core.models import AccessLog
from ambito.network.models import Agreement
from tests.conftest import login
from tests.network.test_agreements import (  # noqa: F401 (fixtures)
    agreement_a,
    agreement_b,
    new_agreement,
    service_a,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/rete/agreements"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_an_operator_lists_and_reads_only_their_organisations_agreements(
    client, operator_a, agreement_a, agreement_b
):
    login(client, operator_a)
    listed = client.get(API).json()
    assert listed["count"] == 1
    assert [row["number"] for row in listed["items"]] == ["CONV-1"]
    assert listed["items"][0]["amount"] == "12000.00"
    detail = client.get(f"{API}/{agreement_a.uuid}")
    assert detail.status_code == 200
    assert [s["name"] for s in detail.json()["services"]] == ["Trasporto sociale"]
    assert AccessLog.objects.filter(object_uuid=agreement_a.uuid, user=operator_a).exists()
    assert client.get(f"{API}/{agreement_b.uuid}").status_code == 404
    refused = post(
        client,
        f"{API}/{agreement_b.uuid}/termination",
        {"on": "2026-06-30", "reason": "x"},
    )
    assert refused.status_code == 404
    mine = post(
        client, f"{API}/{agreement_a.uuid}/termination", {"on": "2026-06-30", "reason": "x"}
    )
    assert mine.status_code == 403
    assert Agreement.objects.get(pk=agreement_a.pk).terminated_on is None


def test_the_plan_office_creates_renews_and_terminates(client, planner, body_a, service_a, line_1):
    login(client, planner)
    bad = post(
        client,
        API,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "API-1",
            "subject": "Accompagnamento",
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
            "amount": "-3",
        },
    )
    assert bad.status_code == 422
    errors = bad.json()["errors"]
    assert errors["ends_on"] == ["La convenzione non può terminare prima di iniziare."]
    assert errors["amount"] == ["L'importo non può essere negativo."]
    created = post(
        client,
        API,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "API-1",
            "subject": "Accompagnamento",
            "line": "L1",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "amount": "800.5",
            "services": [str(service_a.uuid)],
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["amount"] == "800.50" and body["line"] == "L1"
    duplicate = post(
        client,
        API,
        {
            "organisation": str(body_a.uuid),
            "kind": "volunteer",
            "number": "API-1",
            "subject": "Altro",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
        },
    )
    assert duplicate.status_code == 422
    assert "già usato" in duplicate.json()["errors"]["number"][0]
    renewal = post(
        client,
        f"{API}/{body['uuid']}/renewal",
        {"number": "API-2", "starts_on": "2027-01-01", "ends_on": "2027-12-31"},
    )
    assert renewal.status_code == 201
    assert renewal.json()["renews"] == body["uuid"]
    assert renewal.json()["chain"] == [body["uuid"], renewal.json()["uuid"]]
    ended = post(
        client,
        f"{API}/{renewal.json()['uuid']}/termination",
        {"on": "2027-03-31", "reason": "Recesso dell'ente"},
    )
    assert ended.status_code == 200
    assert ended.json()["terminated_on"] == "2027-03-31"


def test_the_expiring_agreements(client, planner, body_a):
    with freeze_time("2026-12-06 10:00"):
        new_agreement(planner, body_a, "PRESTO", ends_on=dt.date(2027, 1, 10))
        new_agreement(planner, body_a, "TARDI", ends_on=dt.date(2027, 4, 10))
        login(client, planner)
        listed = client.get(f"{API}/expiring").json()
        assert [row["number"] for row in listed["items"]] == ["PRESTO"]
        assert listed["items"][0]["state"] == "expiring"
        wider = client.get(f"{API}/expiring", {"within_days": 200}).json()
        assert [row["number"] for row in wider["items"]] == ["PRESTO", "TARDI"]
        assert client.get(API, {"state": "expiring"}).json()["count"] == 1
        assert client.get(API, {"state": "boh"}).status_code == 422


def test_another_zone_gets_a_404(client, planner_other_zone, agreement_a):
    login(client, planner_other_zone)
    assert client.get(f"{API}/{agreement_a.uuid}").status_code == 404
    assert client.get(API).json()["count"] == 0
