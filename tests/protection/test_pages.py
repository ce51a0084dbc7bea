"""The pages: an order registered from the case (a bad date refused on the form, nothing
written), the report's editor with its versions and PDF, the UVM with a meeting, the
templates, the figures as XLSX, CSV and PDF."""

import datetime as dt

import pytest
from freezegun import freeze_time

from ambito.protection.models import CourtOrder, UvmMeeting
from ambito.protection.services import reports, uvm
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fake_pdf(monkeypatch):
    import weasyprint

    class FakeHTML:
        def __init__(self, string, base_url=None):
            self.string = string

        def write_pdf(self):
            return b"%PDF-1.4 " + self.string.encode()

    monkeypatch.setattr(weasyprint, "HTML", FakeHTML)


FORM = {
    "authority": "tm",
    "kind": "decreto",
    "reference": "RG 9/2026",
    "order_date": "2026-04-01",
    "received_date": "2026-04-02",
    "subject": "Affidamento al servizio sociale",
    "report_days": "30",
    "days_from": "order",
}


def test_an_order_is_registered_from_the_case_page(client, case, social_worker_a, sofia):
    login(client, social_worker_a)
    url = f"/tutela-minori/cartelle/{case.uuid}/provvedimenti/nuovo/"
    assert "Sofia Rossi" in client.get(url).content.decode()
    response = client.post(url, {**FORM, "minor": str(sofia.uuid)})
    order = CourtOrder.objects.get()
    assert response.status_code == 302
    assert order.minor == sofia and order.due_date == dt.date(2026, 5, 4)
    page = client.get(response["Location"]).content.decode()
    assert "04/05/2026" in page


def test_a_due_date_before_the_order_is_refused_on_the_form(client, case, social_worker_a):
    login(client, social_worker_a)
    response = client.post(
        f"/tutela-minori/cartelle/{case.uuid}/provvedimenti/nuovo/",
        {**FORM, "report_days": "", "due_date": "2026-03-01"},
    )
    assert response.status_code == 422
    assert "non può precedere la data del provvedimento" in response.content.decode()
    assert not CourtOrder.objects.exists()


def test_the_editor_saves_versions_and_shows_each(client, order, social_worker_a, template):
    login(client, social_worker_a)
    drafted = client.post(
        f"/tutela-minori/provvedimenti/{order.uuid}/relazione/", {"template": str(template.uuid)}
    )
    report = order.report
    assert drafted["Location"] == f"/tutela-minori/relazioni/{report.uuid}/"
    client.post(drafted["Location"], {"body": "Seconda versione."})
    first = client.get(f"{drafted['Location']}?versione=1").content.decode()
    assert "Relazione sul minore Sofia Rossi" in first
    assert client.get(f"{drafted['Location']}?versione=9").status_code == 404
    pdf = client.get(f"/tutela-minori/relazioni/{report.uuid}/pdf/?versione=2")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"Seconda versione." in pdf.content
    with freeze_time("2026-05-04 09:00"):
        client.post(f"/tutela-minori/relazioni/{report.uuid}/firma/")
    client.post(
        f"/tutela-minori/relazioni/{report.uuid}/consegna/",
        {"delivered_on": "2026-05-04", "protocol_number": "PG 1/2026"},
    )
    page = client.get(f"/tutela-minori/provvedimenti/{order.uuid}/").content.decode()
    assert "consegnata nei termini" in page


def test_a_uvm_meets_on_a_case(client, order, tutela, social_worker_a, colleague):
    team = uvm.team_create(actor=tutela, name="UVM tutela minori (prova)")
    psychologist = uvm.member_add(
        actor=tutela, team=team, profession="psychologist",
        external_name="Anna Galli", organisation="ASL",
    )  # fmt: skip
    login(client, tutela)
    response = client.post(
        f"/tutela-minori/uvm/{team.uuid}/incontri/nuovo/",
        {
            "case": str(order.case.uuid),
            "held_on": "2026-04-20",
            "present": [psychologist.pk],
            "decisions": "Proseguire il sostegno educativo.",
        },
    )
    meeting = UvmMeeting.objects.get()
    assert response["Location"] == f"/tutela-minori/incontri/{meeting.uuid}/"
    assert "Anna Galli" in client.get(response["Location"]).content.decode()
    login(client, social_worker_a)
    assert client.get(response["Location"]).status_code == 200
    login(client, colleague)
    assert client.get(response["Location"]).status_code == 404


def test_a_template_with_a_forbidden_tag_is_refused_on_the_form(client, tutela):
    login(client, tutela)
    response = client.post(
        "/tutela-minori/modelli/nuovo/", {"name": "Prova", "body": "{% debug %}", "active": "on"}
    )
    assert response.status_code == 422
    assert "comando non ammesso" in response.content.decode()


def test_the_figures_export_as_files(client, order, planner):
    login(client, planner)
    xlsx = client.get("/tutela-minori/scadenze/?formato=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = client.get("/tutela-minori/scadenze/?anno=2026&formato=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1].startswith("2026;Tribunale per i minorenni;1;0;0;1")
    assert client.get("/tutela-minori/scadenze/?formato=pdf")["Content-Type"] == "application/pdf"
    assert client.get("/tutela-minori/scadenze/?formato=doc").status_code == 404


def test_pages_render_for_the_service(client, order, tutela, template):
    reports.report_draft(actor=tutela, order=order, template=template)
    login(client, tutela)
    for url in (
        "/tutela-minori/",
        "/tutela-minori/?stato=scaduti",
        "/tutela-minori/uvm/",
        "/tutela-minori/modelli/",
        f"/tutela-minori/modelli/{template.uuid}/",
        "/tutela-minori/scadenze/",
    ):
        assert client.get(url).status_code == 200, url
