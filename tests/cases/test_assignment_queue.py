"""The coordinators' queue: waiting time in working days against the zone's target, bulk
assignment (all or nothing, audited), each manager's caseload against the zone's ceiling."""

import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from ambito.cases import services
from ambito.cases.models import Case, CaseTransition, QueuePolicy
from ambito.cases.workflow import CaseStatus
from ambito.core.models import EventLog
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
QUEUE = "/cartelle/assegnazione/"


def _open(worker, municipality, count=1):
    cases = []
    for _ in range(count):
        person = PersonFactory(residence_municipality=municipality)
        cases.append(services.case_open(actor=worker, person=person))
    return cases


def _opened_on(case, day: dt.date):
    Case.objects.filter(pk=case.pk).update(
        opened_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    )


@freeze_time("2026-12-10 12:00")
def test_waiting_is_counted_in_working_days_and_marked_past_the_zones_target(
    client, coordinator, social_worker_a, municipality_a
):
    recent, old = _open(social_worker_a, municipality_a, 2)
    # Monday 7 → Thursday 10 December: the 8th is a holiday, two working days.
    _opened_on(recent, dt.date(2026, 12, 7))
    # Monday 23 November → 12 working days (the 8th of December is not one).
    _opened_on(old, dt.date(2026, 11, 23))
    client.force_login(coordinator)
    html = client.get(QUEUE).content.decode()
    items = {
        number: html.split(f"Cartella {number}", 1)[1].split("</article>", 1)[0]
        for number in (recent.number, old.number)
    }
    assert "in attesa da 2 giorni lavorativi" in items[recent.number]
    assert "in attesa da 12 giorni lavorativi" in items[old.number]
    target = QueuePolicy.DEFAULT_ASSIGNMENT_DAYS
    assert f"oltre l'obiettivo di {target} giorni" in items[old.number]
    assert "oltre l'obiettivo" not in items[recent.number]
    # The oldest first.
    assert html.index(old.number) < html.index(recent.number)
    QueuePolicy.objects.create(zone=coordinator.zone, assignment_days=1)
    html = client.get(QUEUE).content.decode()
    assert (
        html.count("oltre l&#x27;obiettivo di 1 giorno")
        + html.count("oltre l'obiettivo di 1 giorno")
        == 2
    )


def test_bulk_assignment_assigns_every_selected_case_and_records_each(
    client, coordinator, social_worker_a, municipality_a
):
    first, second, third = _open(social_worker_a, municipality_a, 3)
    client.force_login(coordinator)
    response = client.post(
        "/cartelle/assegnazione/multipla/",
        {
            "cases": [str(first.uuid), str(second.uuid)],
            "manager": social_worker_a.pk,
            "reason": "Turno di dicembre",
        },
    )
    assert response.status_code == 302 and response.url == QUEUE
    assert {c.status for c in Case.objects.filter(pk__in=[first.pk, second.pk])} == {
        CaseStatus.ASSIGNED
    }
    assert Case.objects.get(pk=third.pk).status == CaseStatus.ENTRY
    for case in (first, second):
        record = CaseTransition.objects.get(case=case, name="assign")
        assert record.actor == coordinator and record.reason == "Turno di dicembre"
        events = EventLog.objects.filter(user=coordinator, object_uuid=case.uuid)
        assert any("case_manager" in e.fields for e in events)
    assert "2 cartelle assegnate" in client.get(QUEUE).content.decode()


def test_bulk_assignment_is_all_or_nothing_and_keeps_the_selection(
    client, coordinator, social_worker_a, municipality_a
):
    good, bad = _open(social_worker_a, municipality_a, 2)
    services.case_close(actor=social_worker_a, case=bad, reason="refused")
    client.force_login(coordinator)
    response = client.post(
        "/cartelle/assegnazione/multipla/",
        {"cases": [str(good.uuid), str(bad.uuid)], "manager": social_worker_a.pk, "reason": "R"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Nessuna cartella assegnata" in html and bad.number in html
    assert Case.objects.get(pk=good.pk).status == CaseStatus.ENTRY
    assert not CaseTransition.objects.filter(name="assign").exists()
    assert f'value="{good.uuid}" checked' in html and 'value="R"' in html
    response = client.post(
        "/cartelle/assegnazione/multipla/", {"cases": [], "manager": social_worker_a.pk}
    )
    assert "Seleziona almeno una cartella" in response.content.decode()


def test_a_social_worker_cannot_bulk_assign(client, social_worker_a, municipality_a):
    (case,) = _open(social_worker_a, municipality_a)
    client.force_login(social_worker_a)
    response = client.post(
        "/cartelle/assegnazione/multipla/",
        {"cases": [str(case.uuid)], "manager": social_worker_a.pk},
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).status == CaseStatus.ENTRY


def test_caseloads_are_shown_against_the_zones_ceiling(
    client, coordinator, social_worker_a, municipality_a
):
    cases = _open(social_worker_a, municipality_a, 3)
    for case in cases[:2]:
        services.case_assign(actor=coordinator, case=case, manager=social_worker_a)
    client.force_login(coordinator)
    loads = client.get(QUEUE).content.decode().split('data-testid="caseloads"', 1)[1]
    ceiling = QueuePolicy.DEFAULT_CASELOAD_CEILING
    assert f"2 su {ceiling}" in loads.split("</table>", 1)[0]
    QueuePolicy.objects.create(zone=coordinator.zone, caseload_ceiling=1)
    loads = client.get(QUEUE).content.decode().split('data-testid="caseloads"', 1)[1]
    assert "2 su 1" in loads and "oltre il massimo" in loads


def test_an_assignment_past_the_ceiling_says_so(
    client, coordinator, social_worker_a, municipality_a
):
    QueuePolicy.objects.create(zone=coordinator.zone, caseload_ceiling=1)
    first, second = _open(social_worker_a, municipality_a, 2)
    client.force_login(coordinator)
    response = client.post(
        "/cartelle/assegnazione/multipla/",
        {"cases": [str(first.uuid), str(second.uuid)], "manager": social_worker_a.pk},
        follow=True,
    )
    assert "ha ora 2 cartelle aperte, oltre il massimo di 1" in response.content.decode()
