"""'Il mio lavoro' with many cases: nearest deadline first, filters, counts per status, pages
that say how many there are, the persons shown logged."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import Case
from ambito.core.models import AccessLog
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(zone_a, municipality_a, municipality_b):
    return UserFactory(
        username="as.due.comuni",
        zone=zone_a,
        roles=["social_worker"],
        municipalities=[municipality_a, municipality_b],
    )


@pytest.fixture
def boss(zone_a, municipality_a, municipality_b):
    return UserFactory(
        username="coord.due.comuni",
        zone=zone_a,
        roles=["coordinator"],
        municipalities=[municipality_a, municipality_b],
    )


def _case(worker, boss, municipality, last_name, *, due_in=None, status="assigned"):
    person = PersonFactory(residence_municipality=municipality, last_name=last_name)
    case = services.case_open(actor=worker, person=person)
    case = services.case_assign(actor=boss, case=case, manager=worker)
    if status == "pre_assessment":
        case = services.case_transition(actor=worker, case=case, name="start_pre_assessment")
    if due_in is not None:
        services.task_create(
            actor=worker,
            case=case,
            title=f"Telefonare a {last_name}",
            due_on=timezone.localdate() + timedelta(days=due_in),
        )
    return case


def _rows(html: str) -> list[str]:
    table = html.split('data-testid="my-cases"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-case="([^"]+)"', table)


def test_the_nearest_deadline_comes_first_and_cases_without_one_last(client, worker, boss):
    from ambito.cases.models import Task

    municipality = worker.municipalities.first()
    none = _case(worker, boss, municipality, "Senzascadenza")
    later = _case(worker, boss, municipality, "Tardi", due_in=9)
    soon = _case(worker, boss, municipality, "Presto", due_in=1)
    late = _case(worker, boss, municipality, "Scaduto", due_in=-3)
    Task.objects.filter(case=late).update(due_on=timezone.localdate() - timedelta(days=3))
    client.force_login(worker)
    html = client.get("/cartelle/").content.decode()
    assert _rows(html) == [c.number for c in (late, soon, later, none)]


def test_filters_by_status_municipality_lep_and_text_with_counts(
    client, worker, boss, municipality_a, municipality_b
):
    rossi = _case(worker, boss, municipality_a, "Rossini")
    verdi = _case(worker, boss, municipality_b, "Verdini", status="pre_assessment")
    bianchi = _case(worker, boss, municipality_b, "Bianchini", status="pre_assessment")
    client.force_login(worker)

    def shown(query):
        return set(_rows(client.get(f"/cartelle/?{query}").content.decode()))

    html = client.get("/cartelle/").content.decode()
    assert "3 cartelle aperte" in html
    counts = html.split('data-testid="status-counts"', 1)[1].split("</ul>", 1)[0]
    assert "Assegnata" in counts and "(1)" in counts
    assert "Analisi preliminare" in counts and "(2)" in counts
    assert shown("stato=pre_assessment") == {verdi.number, bianchi.number}
    assert shown(f"comune={municipality_a.pk}") == {rossi.number}
    assert shown("q=verdin") == {verdi.number}
    assert shown(f"q={bianchi.number}") == {bianchi.number}
    assert shown(f"stato=pre_assessment&comune={municipality_a.pk}") == set()
    html = client.get(f"/cartelle/?stato=pre_assessment&comune={municipality_b.pk}").content
    assert "2 cartelle aperte su 3" in html.decode()
    assert shown("lep=1") == set()
    # A card B with no intervention activated: the case fails the first LEP check.
    services.pre_assessment_record(
        actor=worker,
        case=Case.objects.get(pk=verdi.pk),
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "x",
            "outcome": "complex",
        },
    )
    services.case_transition(actor=worker, case=Case.objects.get(pk=verdi.pk), name="to_eemm")
    services.in_depth_record(
        actor=worker,
        case=Case.objects.get(pk=verdi.pk),
        data={
            "done_on": timezone.localdate(),
            "objectives": "o",
            "actions": "a",
            "needs_housing": "Sfratto",
        },
    )
    assert shown("lep=1") == {verdi.number}
    assert "1 cartella aperta su 3" in client.get("/cartelle/?lep=1").content.decode()
    # Bad input is ignored, not a 500.
    assert client.get("/cartelle/?stato=boh&comune=x&lep=forse").status_code == 200


def test_pages_keep_the_filters_and_say_how_many(client, worker, boss, municipality_a):
    from ambito.cases.selectors import CASES_PER_PAGE

    for _ in range(CASES_PER_PAGE + 2):
        _case(worker, boss, municipality_a, "Rossi")
    _case(worker, boss, municipality_a, "Unico", status="pre_assessment")
    client.force_login(worker)
    html = client.get("/cartelle/?stato=assigned").content.decode()
    assert f"{CASES_PER_PAGE + 2} cartelle aperte su {CASES_PER_PAGE + 3}" in html
    assert "pagina 1 di 2" in html
    assert "?stato=assigned&amp;pagina=2" in html
    assert len(_rows(html)) == CASES_PER_PAGE
    page2 = client.get("/cartelle/?stato=assigned&pagina=2").content.decode()
    assert len(_rows(page2)) == 2


def test_only_the_persons_shown_are_logged(client, worker, boss, municipality_a, municipality_b):
    shown = _case(worker, boss, municipality_a, "Rossini")
    hidden = _case(worker, boss, municipality_b, "Verdini")
    # Not among the new assignments of the week, which name all of them.
    Case.objects.update(assigned_at=timezone.now() - timedelta(days=30))
    AccessLog.objects.all().delete()
    client.force_login(worker)
    client.get(f"/cartelle/?comune={municipality_a.pk}")
    logged = set(AccessLog.objects.filter(user=worker).values_list("person_id", flat=True))
    assert shown.person_id in logged and hidden.person_id not in logged


def test_the_case_number_box_has_its_label_above_it(client, worker):
    client.force_login(worker)
    html = client.get("/cartelle/").content.decode()
    form = html.split('action="/cartelle/numero/"', 1)[1].split("</form>", 1)[0]
    # A plain label above the box (not Bootstrap Italia's floating label, which sat on the
    # box's text in a row aligned at the bottom).
    assert 'class="form-label' in form and 'for="id_number"' in form
    assert "align-items-end" not in html.split('action="/cartelle/numero/"', 1)[0][-200:]


def test_the_task_list_says_how_many_when_it_shows_only_the_first(client, worker, boss):
    from ambito.cases.selectors import TASKS_SHOWN

    case = _case(worker, boss, worker.municipalities.first(), "Rossi")
    for n in range(TASKS_SHOWN + 2):
        services.task_create(
            actor=worker, case=case, title=f"Compito {n}", due_on=timezone.localdate()
        )
    client.force_login(worker)
    html = client.get("/cartelle/").content.decode()
    caption = html.split('data-testid="my-tasks"', 1)[1].split("</caption>", 1)[0]
    assert f"{TASKS_SHOWN + 2} attività aperte" in caption
    assert f"qui le prime {TASKS_SHOWN} per scadenza" in caption
