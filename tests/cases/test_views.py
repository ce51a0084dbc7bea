"""The pathway's pages: my work, assignment, opening, the case page and its forms."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import Case, PreAssessment
from ambito.cases.workflow import CaseStatus
from ambito.core.models import AccessLog

pytestmark = pytest.mark.django_db


def test_a_social_worker_opens_a_case_from_the_person_page(
    client, social_worker_a, person_a, household_a
):
    client.force_login(social_worker_a)
    page = client.get(f"/anagrafe/persone/{person_a.uuid}/").content.decode()
    assert f"/cartelle/nuova/?persona={person_a.uuid}" in page
    response = client.post(
        f"/cartelle/nuova/?persona={person_a.uuid}", {"line": "social", "source": "direct"}
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/cartelle/{case.uuid}/"
    assert case.household == household_a and case.status == CaseStatus.ENTRY


def test_opening_twice_shows_the_italian_error(client, social_worker_a, case_a, person_a):
    client.force_login(social_worker_a)
    html = client.post(
        f"/cartelle/nuova/?persona={person_a.uuid}", {"line": "social", "source": "direct"}
    ).content.decode()
    assert "ha già una cartella aperta" in html
    assert Case.objects.count() == 1


def test_the_coordinator_assigns_from_the_queue_seeing_caseloads(
    client, coordinator, case_a, social_worker_a
):
    client.force_login(coordinator)
    html = client.get("/cartelle/assegnazione/").content.decode()
    assert case_a.number in html and 'data-testid="caseloads"' in html
    response = client.post(
        f"/cartelle/{case_a.uuid}/assegna/",
        {f"{case_a.uuid}-manager": social_worker_a.pk, "next": "queue"},
    )
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.case_manager == social_worker_a and case_a.status == CaseStatus.ASSIGNED


def test_my_work_lists_cases_tasks_and_new_assignments(client, assigned_case, social_worker_a):
    services.task_create(
        actor=social_worker_a,
        case=assigned_case,
        title="Chiamare la scuola",
        due_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(social_worker_a)
    html = client.get("/cartelle/").content.decode()
    assert "Chiamare la scuola" in html and "scaduta" in html
    assert 'data-testid="new-assignments"' in html and assigned_case.number in html


def test_the_case_page_walks_the_pathway(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/"
    assert "Avvia l&#x27;analisi preliminare" in client.get(url).content.decode()
    client.post(f"{url}passaggio/", {"name": "start_pre_assessment"})
    response = client.post(
        f"{url}scheda-a/",
        {
            "held_on": timezone.localdate().isoformat(),
            "cpi_consultant": "Dott. Gialli",
            "household_situation": "Madre sola con due figli.",
            "needs": "Casa e lavoro.",
            "outcome": "complex",
            "outcome_reason": "Casa e lavoro insieme.",
        },
    )
    assert response.status_code == 302
    client.post(f"{url}passaggio/", {"name": "to_eemm"})
    html = client.get(url).content.decode()
    assert "Bisogni complessi" in html
    assert "Valutazione dell&#x27;équipe multidisciplinare" in html
    client.post(f"{url}diario/", {"kind": "home_visit", "text": "Visita a casa"})
    client.post(f"{url}chiudi/", {"reason": "refused", "outcome": "Non vuole proseguire"})
    assigned_case.refresh_from_db()
    assert assigned_case.status == CaseStatus.CLOSED
    assert PreAssessment.objects.filter(case=assigned_case).exists()


def test_an_illegal_transition_shows_a_message_and_changes_nothing(
    client, assigned_case, social_worker_a
):
    client.force_login(social_worker_a)
    response = client.post(
        f"/cartelle/{assigned_case.uuid}/passaggio/", {"name": "start"}, follow=True
    )
    assert "Passaggio non ammesso" in response.content.decode()
    assigned_case.refresh_from_db()
    assert assigned_case.status == CaseStatus.ASSIGNED


def test_card_a_errors_are_in_italian(client, assigned_case, social_worker_a):
    services.case_transition(actor=social_worker_a, case=assigned_case, name="start_pre_assessment")
    client.force_login(social_worker_a)
    html = client.post(
        f"/cartelle/{assigned_case.uuid}/scheda-a/",
        {
            "held_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "cpi_consultant": "X",
            "household_situation": "x",
            "needs": "x",
            "outcome": "complex",
            "outcome_reason": "x",
        },
    ).content.decode()
    assert "non può essere nel futuro" in html
    assert not PreAssessment.objects.exists()


def test_a_case_outside_the_scope_is_a_404_and_opens_by_number_with_a_reason(
    client, assigned_case, social_worker_b
):
    client.force_login(social_worker_b)
    assert client.get(f"/cartelle/{assigned_case.uuid}/").status_code == 404
    html = client.post("/cartelle/numero/", {"number": assigned_case.number}).content.decode()
    assert "Motivo dell&#x27;accesso" in html
    response = client.post(
        "/cartelle/numero/",
        {"number": assigned_case.number, "reason": "Urgenza durante l'assenza della collega"},
    )
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "accesso motivato" in html and "Chiudi la cartella" not in html
    assert AccessLog.objects.filter(user=social_worker_b, flagged=True).exists()
    # Writes stay refused.
    assert (
        client.post(
            f"/cartelle/{assigned_case.uuid}/diario/", {"kind": "note", "text": "x"}
        ).status_code
        == 404
    )


def test_no_personal_data_in_the_urls(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    html = client.get(f"/cartelle/{assigned_case.uuid}/").content.decode()
    for link in [part.split('"')[0] for part in html.split('href="')[1:]]:
        assert assigned_case.person.fiscal_code not in link
        assert assigned_case.person.last_name not in link


def test_the_case_page_takes_a_constant_number_of_queries(client, assigned_case, social_worker_a):
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(15):
        services.diary_add(
            actor=social_worker_a, case=assigned_case, data={"kind": "note", "text": f"n{i}"}
        )
        services.task_create(
            actor=social_worker_a, case=assigned_case, title=f"t{i}", due_on=timezone.localdate()
        )
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)


def test_my_work_takes_a_constant_number_of_queries(
    client, social_worker_a, coordinator, person_b, municipality_a
):
    from ambito.cases.selectors import CASES_PER_PAGE
    from tests.factories import PersonFactory

    def add_cases(count):
        for _ in range(count):
            person = PersonFactory(residence_municipality=municipality_a)
            case = services.case_open(actor=social_worker_a, person=person)
            services.case_assign(actor=coordinator, case=case, manager=social_worker_a)
            services.task_create(
                actor=social_worker_a, case=case, title="x", due_on=timezone.localdate()
            )

    client.force_login(social_worker_a)
    add_cases(1)
    client.get("/cartelle/")
    with CaptureQueriesContext(connection) as one:
        client.get("/cartelle/")
    add_cases(CASES_PER_PAGE + 5)  # more than a page: the rest is on page 2
    with CaptureQueriesContext(connection) as many:
        html = client.get("/cartelle/").content.decode()
    assert len(many) == len(one)
    assert "Pagina 1 di 2" in html
    assert html.count('href="/cartelle/') - html.count("/cartelle/assegnazione/") >= CASES_PER_PAGE


def test_card_b_interventions_and_lep_on_the_case_page(
    client, assigned_case, social_worker_a, coordinator, planner
):
    from decimal import Decimal

    from ambito.catalog.models import InterventionType
    from ambito.planning.models import FundSource
    from ambito.planning.services import allocation_add

    # The intervention is charged to a fund: it draws on the fund year's residual (§9).
    allocation_add(
        actor=planner,
        fund=FundSource.objects.get(code="FP-QS"),
        year=timezone.localdate().year,
        amount=Decimal("10000"),
        act="Riparto",
    )

    services.case_transition(actor=social_worker_a, case=assigned_case, name="start_pre_assessment")
    services.pre_assessment_record(
        actor=social_worker_a,
        case=assigned_case,
        data={
            "held_on": timezone.localdate(),
            "cpi_consultant": "CPI",
            "household_situation": "x",
            "needs": "y",
            "outcome": "social_only",
        },
    )
    services.case_transition(actor=social_worker_a, case=assigned_case, name="to_social_project")
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/"
    html = client.post(
        f"{url}scheda-b/",
        {"done_on": timezone.localdate().isoformat(), "objectives": "o", "actions": "a"},
    ).content.decode()
    assert "Descrivi bisogni o risorse in almeno una dimensione." in html
    response = client.post(
        f"{url}scheda-b/",
        {
            "done_on": timezone.localdate().isoformat(),
            "objectives": "Lavoro",
            "actions": "Tirocinio",
            "needs_housing": "Sfratto",
        },
    )
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert 'data-testid="lep-flags"' in html and "senza alcun intervento" in html
    client.force_login(coordinator)
    assert assigned_case.number in client.get("/cartelle/controlli-lep/").content.decode()
    client.force_login(social_worker_a)
    client.post(
        f"{url}interventi/",
        {
            "intervention_type": InterventionType.objects.get(code="B.2.b").pk,
            "start_on": timezone.localdate().isoformat(),
            "status": "active",
            "cost": "450.50",
            "fund": FundSource.objects.get(code="FP-QS").pk,
        },
    )
    html = client.get(url).content.decode()
    assert 'data-testid="lep-flags"' not in html
    assert "€ 450,50" in html and "Fondo Povertà" in html
    client.force_login(coordinator)
    assert assigned_case.number not in client.get("/cartelle/controlli-lep/").content.decode()


def test_a_case_opened_from_a_contact_that_proposed_it(
    client, social_worker_a, person_a, household_a, municipality_a
):
    from ambito.access import services as access_services
    from ambito.catalog.models import NeedArea
    from tests.factories import AccessPointFactory

    point = AccessPointFactory(zone=person_a.zone, municipality=municipality_a)
    contact = access_services.contact_record(
        actor=social_worker_a,
        data={
            "access_point": point,
            "person": person_a,
            "outcome": "case_proposal",
            "need_areas": [NeedArea.objects.get(code="elderly")],
        },
    )
    client.force_login(social_worker_a)
    page = client.get(f"/anagrafe/persone/{person_a.uuid}/").content.decode()
    link = f"/cartelle/nuova/?persona={person_a.uuid}&amp;accesso={contact.uuid}"
    assert link in page
    url = link.replace("&amp;", "&")
    assert 'value="contact" selected' in client.get(url).content.decode()
    client.post(url, {"line": "social", "source": "contact"})
    case = Case.objects.get()
    assert case.source_contact == contact and case.source == "contact"
    assert client.get(url.replace(str(contact.uuid), "not-a-uuid")).status_code == 404


def test_a_cancelled_contact_opens_no_case(client, social_worker_a, person_a, municipality_a):
    from ambito.access import services as access_services
    from ambito.cases import services as case_services
    from ambito.catalog.models import NeedArea
    from tests.factories import AccessPointFactory

    point = AccessPointFactory(zone=person_a.zone, municipality=municipality_a)
    contact = access_services.contact_record(
        actor=social_worker_a,
        data={
            "access_point": point,
            "person": person_a,
            "outcome": "case_proposal",
            "need_areas": [NeedArea.objects.get(code="elderly")],
        },
    )
    access_services.contact_cancel(actor=social_worker_a, contact=contact, reason="Persona errata")
    client.force_login(social_worker_a)
    url = f"/cartelle/nuova/?persona={person_a.uuid}&accesso={contact.uuid}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"line": "social", "source": "contact"}).status_code == 404
    with pytest.raises(ValidationError, match="annullato"):
        case_services.case_open(
            actor=social_worker_a, person=person_a, source="contact", source_contact=contact
        )
    assert not Case.objects.exists()


def test_the_assignment_queue_takes_a_constant_number_of_queries(
    client, coordinator, social_worker_a, municipality_a
):
    from tests.factories import PersonFactory

    def open_cases(count):
        for _ in range(count):
            person = PersonFactory(residence_municipality=municipality_a)
            services.case_open(actor=social_worker_a, person=person)

    client.force_login(coordinator)
    open_cases(2)
    client.get("/cartelle/assegnazione/")
    with CaptureQueriesContext(connection) as few:
        client.get("/cartelle/assegnazione/")
    open_cases(30)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/cartelle/assegnazione/").content.decode()
    assert len(many) == len(few)
    assert "Nuove cartelle da assegnare (32)" in html and "Pagina 1 di 2" in html
