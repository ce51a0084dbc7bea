"""The API, scoped as the pages: an order registered on a case with its deadline counted on
the calendar, a bad date refused in Italian with nothing written, the report drafted, saved,
signed (then frozen) and delivered on time, and the figures without persons."""

import pytest
from freezegun import freeze_time

from ambito.protection.models import CourtOrder
from tests.conftest import login

pytestmark = pytest.mark.django_db

API = "/api/v1/tutela-minori"


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def _order_body(case, **overrides):
    body = {
        "case": str(case.uuid),
        "authority": "procura_tm",
        "kind": "relazione",
        "reference": "RG 77/2026",
        "order_date": "2026-01-30",
        "received_date": "2026-02-02",
        "subject": "Aggiornamento sulla situazione del minore.",
        "report_days": 30,
    }
    body.update(overrides)
    return body


def test_an_order_is_registered_with_its_due_date_on_a_working_day(client, case, social_worker_a):
    login(client, social_worker_a)
    created = _post(client, f"{API}/provvedimenti", _order_body(case))
    assert created.status_code == 201
    # 30 January + 30 days is Sunday 1 March: Monday 2 March.
    assert created.json()["due_date"] == "2026-03-02"
    assert created.json()["deadline"] == "scaduta"


def test_a_received_date_before_the_order_is_refused_in_italian(client, case, social_worker_a):
    login(client, social_worker_a)
    refused = _post(client, f"{API}/provvedimenti", _order_body(case, received_date="2026-01-02"))
    assert refused.status_code == 422
    assert refused.json()["errors"]["received_date"] == [
        "La data di ricezione non può precedere la data del provvedimento (30/01/2026)."
    ]
    assert CourtOrder.objects.count() == 0


def test_the_report_is_drafted_signed_frozen_and_delivered_on_time(
    client, order, social_worker_a, template
):
    login(client, social_worker_a)
    drafted = _post(
        client, f"{API}/provvedimenti/{order.uuid}/relazione", {"template": str(template.uuid)}
    )
    assert drafted.status_code == 201
    uuid = drafted.json()["uuid"]
    assert "Sofia Rossi" in drafted.json()["versions"][0]["body"]
    saved = _post(client, f"{API}/relazioni/{uuid}/versioni", {"body": "Relazione finale."})
    assert [v["number"] for v in saved.json()["versions"]] == [2, 1]
    with freeze_time("2026-05-04 09:00"):
        signed = _post(client, f"{API}/relazioni/{uuid}/firma")
    assert signed.json()["signed_version"] == 2
    assert len(signed.json()["signed_sha256"]) == 64
    frozen = _post(client, f"{API}/relazioni/{uuid}/versioni", {"body": "Ritocco."})
    assert frozen.status_code == 422
    delivered = _post(
        client,
        f"{API}/relazioni/{uuid}/consegna",
        {"delivered_on": "2026-05-04", "protocol_number": "PG 12/2026"},
    )
    assert delivered.status_code == 200
    assert delivered.json()["on_time"] is True
    assert client.get(f"{API}/provvedimenti/{order.uuid}").json()["deadline"] == "consegnata"


def test_the_list_filters_overdue_orders(client, order, tutela):
    login(client, tutela)
    assert client.get(f"{API}/provvedimenti?stato=scaduti").json()["count"] == 1
    assert client.get(f"{API}/provvedimenti?stato=in_scadenza").json()["count"] == 0
    assert client.get(f"{API}/provvedimenti?stato=nessuno").status_code == 422


def test_the_figures_are_numbers_for_the_plan_office_only(client, order, planner, social_worker_a):
    login(client, planner)
    figures = client.get(f"{API}/scadenze?anno=2026").json()
    assert figures["rows"][0]["authority"] == "tm"
    assert figures["total"] == {
        "year": None, "authority": "totale", "due": 1, "on_time": 0, "late": 0, "overdue": 1,
        "pending": 0, "closed_without_report": 0, "on_time_percent": "0.00",
    }  # fmt: skip
    login(client, social_worker_a)
    assert client.get(f"{API}/scadenze").status_code == 403
