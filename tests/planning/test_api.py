from decimal import Decimal

from tests.conftest import login

from .conftest import action

API = "/api/v1/planning"


def test_the_plan_with_its_actions_and_schedule(client, planner, plan, objective):
    created = action(planner, objective, "a1", "1500")
    login(client, planner)
    put = client.put(
        f"{API}/actions/{created.uuid}/schedule/2019/1",
        {"planned": True, "progress": "late"},
        content_type="application/json",
    )
    assert put.status_code == 200
    body = client.get(f"{API}/plans/{plan.uuid}").json()
    (row,) = body["actions"]
    assert row["code"] == "a1" and row["schedule_status"] == "late"
    assert Decimal(body["total"]) == Decimal("1500")


def test_creating_an_action_over_the_residual_is_a_422(
    client, planner, plan, objective, allocation
):
    response = login(client, planner).post(
        f"{API}/plans/{plan.uuid}/actions",
        {
            "objective": "1",
            "code": "a1",
            "title": "x",
            "amount": "700000",
            "fund": "FP-QS",
            "funding_year": 2018,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "residuo" in response.json()["errors"]["amount"][0]


def test_a_stale_revision_is_a_409(client, planner, plan, objective):
    created = action(planner, objective, "a1", "10")
    login(client, planner)
    first = client.patch(
        f"{API}/actions/{created.uuid}",
        {"title": "Uno", "revision": created.revision},
        content_type="application/json",
    )
    assert first.status_code == 200 and first.json()["revision"] == created.revision + 1
    second = client.patch(
        f"{API}/actions/{created.uuid}",
        {"title": "Due", "revision": created.revision},
        content_type="application/json",
    )
    assert second.status_code == 409
    assert "altro utente" in second.json()["detail"]


def test_funds_and_allocations(client, planner, objective, poverty_fund):
    login(client, planner)
    created = client.post(
        f"{API}/allocations",
        {"fund": "FP-QS", "year": 2018, "amount": "1000.00", "act": "Decreto"},
        content_type="application/json",
    )
    assert created.status_code == 201
    negative = client.post(
        f"{API}/allocations",
        {"fund": "FP-QS", "year": 2018, "amount": "-1", "act": "Decreto"},
        content_type="application/json",
    )
    assert negative.status_code == 422
    (row,) = client.get(f"{API}/funds", {"year": 2018}).json()["items"]
    assert row["fund"] == "FP-QS" and Decimal(row["residual"]) == Decimal("1000")


def test_the_planning_api_is_closed_to_a_social_worker(client, social_worker_a):
    assert login(client, social_worker_a).get(f"{API}/plans").status_code == 403
