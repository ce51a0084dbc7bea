"""The API of the working groups, commitment records and transparency, scoped as the
pages: operator A gets 404 on B's group and minutes; a meeting is posted with attendance;
commitment records are created, upserted and changed with Italian 422s on bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from ambito.core.models import AccessLog
from ambito.network.models import Candidature, CommitmentRecord
from ambito.network.services import groups as services
from tests.conftest import login

pytestmark = pytest.mark.django_db

API = "/api/v1/rete"
CREATED = dt.date(2026, 1, 15)


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def make_group(planner, line, name, organisation):
    group = services.group_create(
        actor=planner, line=line, name=name, kind="table", created_on=CREATED
    )
    services.group_member_add(
        actor=planner, group=group, organisation=organisation, role="coordinator",
        joined_on=CREATED,
    )  # fmt: skip
    return group


@pytest.fixture
def group_a(planner, line_1, body_a):
    return make_group(planner, line_1, "Gruppo di Alfa", body_a)


@pytest.fixture
def group_b(planner, line_2, body_b):
    return make_group(planner, line_2, "Gruppo di Beta", body_b)


@pytest.fixture
def meeting_b(planner, group_b):
    return services.meeting_record(
        actor=planner, group=group_b, held_on=yesterday(), place="", agenda="",
        minutes="Verbale riservato di Beta", present_members=[],
    )  # fmt: skip


@pytest.fixture
def engaged(body_a, body_b, line_1, operator_a, operator_b):
    for organisation, user in ((body_a, operator_a), (body_b, operator_b)):
        Candidature.objects.create(
            zone_id=organisation.zone_id, line=line_1, organisation=organisation,
            state="accepted", contribution="Sportello", proposed_role="Supporto",
            submitted_by=user,
        )  # fmt: skip


def test_an_operator_lists_only_the_groups_of_their_organisation(
    client, operator_a, group_a, group_b
):
    body = login(client, operator_a).get(f"{API}/groups").json()
    assert body["count"] == 1 and body["items"][0]["name"] == "Gruppo di Alfa"
    assert body["items"][0]["line"]["code"] == "L1"


def test_a_group_with_members_meetings_and_programmes(client, planner, group_b, meeting_b):
    services.programme_create(
        actor=planner, group=group_b, title="Programma",
        period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31),
    )  # fmt: skip
    body = login(client, planner).get(f"{API}/groups/{group_b.uuid}").json()
    assert [m["organisation"]["name"] for m in body["members"]] == ["Cooperativa Beta (prova)"]
    assert body["meetings"][0]["uuid"] == str(meeting_b.uuid)
    assert body["meetings"][0]["members"] == 1
    assert body["programmes"][0]["title"] == "Programma"


def test_operator_a_gets_404_on_the_group_and_minutes_of_b(client, operator_a, group_b, meeting_b):
    login(client, operator_a)
    for path in (f"/groups/{group_b.uuid}", f"/group-meetings/{meeting_b.uuid}"):
        response = client.get(f"{API}{path}")
        assert response.status_code == 404, path
        assert "Verbale riservato" not in response.content.decode()
    response = client.post(
        f"{API}/groups/{group_b.uuid}/meetings",
        {"held_on": yesterday().isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_minutes_read_through_the_api_are_logged(client, operator_b, meeting_b):
    body = login(client, operator_b).get(f"{API}/group-meetings/{meeting_b.uuid}").json()
    assert body["minutes"] == "Verbale riservato di Beta"
    assert body["attendance"][0]["present"] is False
    assert AccessLog.objects.filter(
        user=operator_b, object_uuid=meeting_b.uuid, channel="api"
    ).exists()


def test_the_coordinator_posts_a_meeting_with_attendance(client, operator_a, group_a, body_a):
    response = login(client, operator_a).post(
        f"{API}/groups/{group_a.uuid}/meetings",
        {"held_on": yesterday().isoformat(), "minutes": "Avvio", "present": [str(body_a.uuid)]},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["attendance"] == [
        {"member": str(body_a.uuid), "name": "Associazione Alfa (prova)", "present": True}
    ]


def test_a_meeting_in_the_future_is_a_422_in_italian(client, planner, group_a):
    response = login(client, planner).post(
        f"{API}/groups/{group_a.uuid}/meetings",
        {"held_on": "2099-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["held_on"] == [
        "La data dell'incontro non può essere nel futuro."
    ]


def test_commitment_records_are_created_upserted_and_changed(client, operator_a, line_1, engaged):
    login(client, operator_a)
    payload = {"line": str(line_1.uuid), "month": "2026-03-12", "hours": "12.5", "people": 2}
    created = client.post(f"{API}/commitments", payload, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["month"] == "2026-03-01"
    assert created.json()["expenses"] == "0.00"
    again = client.post(
        f"{API}/commitments", {**payload, "hours": "20"}, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["uuid"] == created.json()["uuid"]
    assert CommitmentRecord.objects.count() == 1
    changed = client.patch(
        f"{API}/commitments/{created.json()['uuid']}",
        {"results": "Restituito"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["results"] == "Restituito"
    assert changed.json()["hours"] == "20.0"
    listed = client.get(f"{API}/commitments", {"line": str(line_1.uuid)}).json()
    assert listed["count"] == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours": "-1"}, "Le ore dedicate non possono essere negative."),
        ({"month": "2099-01-01"}, "Il mese non può essere futuro."),
    ],
)
def test_bad_commitments_are_a_422_in_italian_with_nothing_written(
    client, operator_a, line_1, engaged, changes, message
):
    payload = {"line": str(line_1.uuid), "month": "2026-03-01", "hours": "1", **changes}
    response = login(client, operator_a).post(
        f"{API}/commitments", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert message in str(response.json()["errors"])
    assert not CommitmentRecord.objects.exists()


def test_a_line_of_another_zone_is_a_422(client, operator_a, line_other_zone, engaged):
    payload = {"line": str(line_other_zone.uuid), "month": "2026-03-01", "hours": "1"}
    response = login(client, operator_a).post(
        f"{API}/commitments", payload, content_type="application/json"
    )
    assert response.status_code == 422
    assert "non è del patto di questo ambito" in str(response.json()["errors"])


def test_operator_a_cannot_see_or_write_the_records_of_b(
    client, operator_a, operator_b, body_b, line_1, engaged
):
    login(client, operator_b)
    payload = {"line": str(line_1.uuid), "month": "2026-03-01", "hours": "7"}
    record = client.post(f"{API}/commitments", payload, content_type="application/json").json()
    login(client, operator_a)
    assert client.get(f"{API}/commitments").json()["count"] == 0
    response = client.patch(
        f"{API}/commitments/{record['uuid']}", {"hours": "1"}, content_type="application/json"
    )
    assert response.status_code == 404
    response = client.post(
        f"{API}/commitments",
        {**payload, "organisation": str(body_b.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert CommitmentRecord.objects.get().hours == 7


def test_the_transparency_figures_of_a_line(client, operator_a, line_1, engaged):
    login(client, operator_a)
    payload = {"line": str(line_1.uuid), "month": "2026-03-01", "hours": "12.5"}
    client.post(f"{API}/commitments", payload, content_type="application/json")
    body = client.get(f"{API}/lines/{line_1.uuid}/transparency").json()
    assert body["total_hours"] == "12.5"
    assert body["organisations"][0]["organisation"] == "Associazione Alfa (prova)"
    assert body["months"][0]["month"] == "2026-03-01"


def test_the_transparency_of_another_zone_line_is_a_404(client, operator_a, line_other_zone):
    response = login(client, operator_a).get(f"{API}/lines/{line_other_zone.uuid}/transparency")
    assert response.status_code == 404
