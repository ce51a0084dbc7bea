import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ambito.planning import services
from ambito.planning.models import FundSource, PlanAction
from tests.conftest import login

from .conftest import action


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext non disponibile")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def test_the_plan_page_lists_actions_and_highlights_late_ones(client, planner, plan, objective):
    late = action(planner, objective, "a1", "1000")
    services.schedule_set(
        actor=planner, action=late, year=2019, quarter=1, planned=True, progress="late"
    )
    action(planner, objective, "b1", "2000")
    html = login(client, planner).get(reverse("planning:plan", args=[plan.uuid])).content.decode()
    assert 'data-testid="action-a1"' in html and 'data-late="true"' in html
    assert "In ritardo" in html
    assert "€ 3.000,00" in html


def test_adding_an_action_over_the_residual_shows_the_message(
    client, planner, plan, objective, poverty_fund, allocation
):
    response = login(client, planner).post(
        reverse("planning:plan", args=[plan.uuid]),
        {
            "objective": str(objective.uuid),
            "code": "a9",
            "title": "Troppo",
            "amount": "600000",
            "fund": poverty_fund.pk,
            "funding_year": "2018",
        },
    )
    assert response.status_code == 422
    assert "residuo di € 593.945,52" in response.content.decode()
    assert not PlanAction.objects.exists()


def test_a_stale_edit_of_an_action_gets_the_conflict_message(client, planner, plan, objective):
    created = action(planner, objective, "a1", "1000")
    data = {
        "objective": str(objective.uuid),
        "code": "a1",
        "title": "Modifica",
        "amount": "1000",
        "revision": created.revision,
    }
    login(client, planner)
    assert client.post(reverse("planning:action", args=[created.uuid]), data).status_code == 302
    response = client.post(reverse("planning:action", args=[created.uuid]), data)
    assert response.status_code == 422
    assert "modificata da un altro utente" in response.content.decode()


def test_the_plan_exports_open_with_the_actions(client, planner, plan, objective):
    action(planner, objective, "a1", "1234.50")
    login(client, planner)
    response = client.get(reverse("planning:plan_export", args=[plan.uuid]), {"formato": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content))["Azioni"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Obiettivo", "Codice", "Azione")
    assert rows[1][1] == "a1" and rows[1][7] == 1234.5
    csv = client.get(reverse("planning:plan_export", args=[plan.uuid]), {"formato": "csv"})
    assert "a1;Azione a1" in csv.content.decode("utf-8-sig")
    text = pdf_text(client.get(reverse("planning:plan_pdf", args=[plan.uuid])).content)
    assert "Programmazione povertà 2019" in text and "Azione a1" in text


def test_the_funds_page_and_its_excel_show_the_portfolio_with_totals(client, planner, zone_a):
    fnps, fsr = FundSource.objects.get(code="FNPS"), FundSource.objects.get(code="FSR")
    for fund in (fnps, fsr):
        services.allocation_add(
            actor=planner, fund=fund, year=2006, amount=Decimal("5000"), act="Riparto 2006"
        )
    for area, fund, amount in (
        ("Minori", fnps, "1000"),
        ("Minori", fsr, "500"),
        ("Anziani", fnps, "2000"),
    ):
        services.budget_line_add(
            actor=planner,
            year=2006,
            service_area=area,
            fund=fund,
            amount=Decimal(amount),
            management_form="direct",
        )
    login(client, planner)
    html = client.get(reverse("planning:funds"), {"anno": 2006}).content.decode()
    assert 'data-testid="portfolio-total">€ 3.500,00' in html
    book = load_workbook(
        io.BytesIO(client.get(reverse("planning:funds"), {"anno": 2006, "formato": "xlsx"}).content)
    )
    rows = list(book["Portafoglio 2006"].iter_rows(values_only=True))
    assert rows[-1][0] == "Totale" and rows[-1][-1] == 3500


def test_meeting_attendance_deliberation_and_minutes_pdf(client, planner, members):
    login(client, planner)
    response = client.post(
        reverse("planning:meetings"),
        {"held_on": "2019-01-30", "place": "Sede SdS", "agenda": "Programma povertà"},
    )
    meeting_url = response["Location"]
    meeting = services  # placeholder to keep names readable below
    from ambito.planning.models import Meeting

    meeting = Meeting.objects.get()
    a, b, c = members
    attendance = {
        f"m{a.pk}-status": "present",
        f"m{b.pk}-status": "delegate",
        f"m{b.pk}-represented_by": "Assessore",
        f"m{c.pk}-status": "absent",
    }
    assert (
        client.post(reverse("planning:attendance", args=[meeting.uuid]), attendance).status_code
        == 302
    )
    html = client.get(meeting_url).content.decode()
    assert "Numero legale raggiunto" in html
    vote = {
        "date": "2019-01-30",
        "subject": "Approvazione programma",
        "content": "Si approva",
        "number": "2",
        f"vote_{a.pk}": "favour",
        f"vote_{b.pk}": "against",
        "attachment_title": "Programma",
        "attachment_pages": "12",
    }
    assert (
        client.post(reverse("planning:deliberation", args=[meeting.uuid]), vote).status_code == 302
    )
    again = client.post(reverse("planning:deliberation", args=[meeting.uuid]), vote)
    assert again.status_code == 422
    assert "Il numero 2 è già usato" in again.content.decode()
    text = pdf_text(client.get(reverse("planning:minutes_pdf", args=[meeting.uuid])).content)
    assert "Deliberazione n. 2/2019" in text and "Approvata" in text and "Comune C" in text
    book = load_workbook(
        io.BytesIO(client.get(reverse("planning:deliberations"), {"formato": "xlsx"}).content)
    )
    row = list(book["Deliberazioni"].iter_rows(values_only=True))[1]
    assert row[:2] == (2019, 2) and row[6] == 60 and row[7] == 30


def test_the_assembly_reads_but_does_not_write(client, zone_a, plan):
    from tests.factories import UserFactory

    reader = UserFactory(username="assemblea", zone=zone_a, roles=["assembly"])
    login(client, reader)
    assert client.get(reverse("planning:plan", args=[plan.uuid])).status_code == 200
    assert client.post(reverse("planning:meetings"), {"held_on": "2019-01-30"}).status_code in (
        403,
        404,
    )


def test_another_zones_plan_is_a_404(client, plan, zone_b):
    from tests.factories import UserFactory

    other = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    assert login(client, other).get(reverse("planning:plan", args=[plan.uuid])).status_code == 404


def test_marking_a_quarter_from_the_action_page(client, planner, plan, objective):
    created = action(planner, objective, "a1", "10")
    response = login(client, planner).post(
        reverse("planning:schedule", args=[created.uuid]),
        {"quarter": "2019-2", "planned": "on", "progress": "late"},
    )
    assert response.status_code == 302
    assert created.quarters.get(year=2019, quarter=2).progress == "late"
    outside = client.post(reverse("planning:schedule", args=[created.uuid]), {"quarter": "2021-1"})
    assert outside.status_code == 422


def test_spending_with_a_negative_amount_is_refused(client, planner, plan, objective):
    created = action(planner, objective, "a1", "10")
    response = login(client, planner).post(
        reverse("planning:spending", args=[created.uuid]),
        {
            "kind": "payment",
            "amount": "-5",
            "date": dt.date(2019, 5, 1).isoformat(),
            "act_number": "L1",
        },
    )
    assert response.status_code == 422
    assert not created.spending.exists()


def test_approving_a_plan_needs_the_act_and_then_it_moves_on(client, planner, plan):
    login(client, planner)
    url = reverse("planning:plan_status", args=[plan.uuid])
    client.post(url, {"status": "approved"})
    plan.refresh_from_db()
    assert plan.status == "draft"
    client.post(url, {"status": "approved", "approval_act": "Deliberazione n. 2/2019"})
    client.post(url, {"status": "closed"})  # not allowed from approved
    plan.refresh_from_db()
    assert (plan.status, plan.approval_act) == ("approved", "Deliberazione n. 2/2019")


def test_a_new_version_from_the_page_links_back(client, planner, plan, objective):
    action(planner, objective, "a1", "10")
    login(client, planner)
    response = client.post(reverse("planning:plan_version", args=[plan.uuid]))
    html = client.get(reverse("planning:plan", args=[plan.uuid])).content.decode()
    assert "Esiste una versione più recente" in html
    assert client.get(response["Location"]).status_code == 200


def test_a_deliberation_pdf_has_its_votes(client, planner, members):
    meeting = services.meeting_create(actor=planner, held_on=dt.date(2019, 1, 30))
    for member in members:
        services.attendance_record(actor=planner, meeting=meeting, member=member, status="present")
    deliberation = services.deliberation_record(
        actor=planner,
        meeting=meeting,
        subject="Bilancio",
        content="",
        votes={members[0]: "favour", members[2]: "against"},
    )
    response = login(client, planner).get(
        reverse("planning:deliberation_pdf", args=[deliberation.uuid])
    )
    text = pdf_text(response.content)
    assert "Deliberazione n. 1/2019" in text and "Contrario" in text


def test_the_funds_page_shows_the_solidarity_quotas(client, planner, zone_a, members):
    from ambito.planning.models import SolidarityFigures, SolidarityRule

    rule = SolidarityRule.objects.create(
        zone=zone_a,
        year=2007,
        total=Decimal("1000.00"),
        per_capita_pct=Decimal("100"),
        potential_users_pct=Decimal("0"),
        actual_users_pct=Decimal("0"),
    )
    for member, population in zip(members, (1, 1, 1), strict=True):
        SolidarityFigures.objects.create(
            rule=rule, member=member, population=population, potential_users=0, actual_users=0
        )
    html = login(client, planner).get(reverse("planning:funds")).content.decode()
    assert "€ 333,34" in html and html.count("€ 333,33") == 2


def test_a_target_current_value_is_updated_with_italian_decimals(client, planner, plan, objective):
    target = services.target_add(
        actor=planner,
        objective=objective,
        indicator="% beneficiari con analisi preliminare",
        baseline=Decimal("0"),
        target=Decimal("100"),
    )
    login(client, planner)
    client.post(
        reverse("planning:target", args=[target.uuid]),
        {"current_value": "62,5", "current_on": "2019-06-30"},
    )
    target.refresh_from_db()
    assert target.current_value == Decimal("62.50") and target.current_on == dt.date(2019, 6, 30)
    future = client.post(
        reverse("planning:target", args=[target.uuid]),
        {"current_value": "70", "current_on": "2099-01-01"},
        follow=True,
    )
    assert "non può essere futura" in future.content.decode()
    target.refresh_from_db()
    assert target.current_value == Decimal("62.50")


def test_an_amount_typed_the_italian_way_is_read(client, planner, plan, objective):
    login(client, planner).post(
        reverse("planning:plan", args=[plan.uuid]),
        {"objective": str(objective.uuid), "code": "a1", "title": "x", "amount": "1.234,50"},
    )
    assert PlanAction.objects.get().amount == Decimal("1234.50")


def test_a_plan_and_its_objectives_are_created_from_the_pages(client, planner):
    from ambito.planning.models import Plan

    login(client, planner)
    bad = client.post(
        reverse("planning:home"),
        {
            "kind": "zone_plan",
            "title": "PdZ",
            "period_start": "2026-12-31",
            "period_end": "2026-01-01",
        },
    )
    assert bad.status_code == 422 and "non può precedere" in bad.content.decode()
    response = client.post(
        reverse("planning:home"),
        {
            "kind": "zone_plan",
            "title": "Piano di Zona 2027-2029",
            "period_start": "2027-01-01",
            "period_end": "2029-12-31",
        },
    )
    plan = Plan.objects.get()
    assert response["Location"] == reverse("planning:plan", args=[plan.uuid])
    client.post(
        reverse("planning:objective_add", args=[plan.uuid]),
        {"obiettivo-code": "A.1", "obiettivo-title": "Accesso", "obiettivo-priority": "prima"},
    )
    again = client.post(
        reverse("planning:objective_add", args=[plan.uuid]),
        {"obiettivo-code": "A.1", "obiettivo-title": "Doppio"},
    )
    assert again.status_code == 422 and "già usato" in again.content.decode()
    assert list(plan.objectives.values_list("code", flat=True)) == ["A.1"]
