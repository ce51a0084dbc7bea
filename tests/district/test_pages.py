"""The pages: the lines with their figures, a line's intake list in order, the referral from
the case's page, admission and hours from the intake's page, the report and its files."""

import datetime as dt

import pytest
from django.urls import reverse

from ambito.district.models import DistrictHours, DistrictIntake
from ambito.district.services import intakes as services
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_social_worker_refers_from_the_case_page(social_worker_a, adm, case_a, client):
    login(client, social_worker_a)
    page = client.get(reverse("cases:detail", args=[case_a.uuid])).content.decode()
    assert "Segnala a un servizio distrettuale" in page

    response = client.post(
        reverse("district:refer", args=[case_a.uuid]),
        {"line": adm.uuid, "priority": 2, "hours_per_week": "6", "reason": "Fatica scolastica"},
    )

    intake = DistrictIntake.objects.get()
    assert response.status_code == 302
    assert (intake.state, intake.priority, intake.referred_by) == ("waiting", 2, social_worker_a)
    page = client.get(reverse("cases:detail", args=[case_a.uuid])).content.decode()
    assert "posizione 1" in page


def test_a_bad_referral_shows_the_reasons_and_writes_nothing(social_worker_a, adm, case_a, client):
    login(client, social_worker_a)
    response = client.post(
        reverse("district:refer", args=[case_a.uuid]),
        {"line": adm.uuid, "priority": 3, "hours_per_week": "90", "reason": "x"},
    )
    assert response.status_code == 422
    assert "ore settimanali previste" in response.content.decode()
    assert not DistrictIntake.objects.exists()


def test_the_plan_office_admits_and_records_hours_from_the_intake_page(
    social_worker_a, planner, adm, case_a, client
):
    intake = services.intake_refer(
        actor=social_worker_a, case=case_a, line=adm, reason="Supporto", hours_per_week="6",
        referred_on=dt.date(2026, 10, 1),
    )  # fmt: skip
    login(client, planner)
    url = reverse("district:intake", args=[intake.uuid])
    assert "Prendi in carico" in client.get(url).content.decode()
    client.post(
        reverse("district:intake_transition", args=[intake.uuid]),
        {"name": "admit", "on": "2026-10-10"},
    )

    bad = client.post(
        reverse("district:hours_add", args=[intake.uuid]),
        {"period": "day", "on": "2026-10-12", "hours": "30", "operator": "Neri"},
    )
    assert bad.status_code == 422 and "al massimo 24 al giorno" in bad.content.decode()
    assert not DistrictHours.objects.exists()

    client.post(
        reverse("district:hours_add", args=[intake.uuid]),
        {"period": "day", "on": "2026-10-12", "hours": "3", "operator": "Neri"},
    )
    page = client.get(url).content.decode()
    assert "75,00" in page  # 3 hours × € 25,00
    lines = client.get(reverse("district:lines")).content.decode()
    assert "Assistenza domiciliare minori" in lines and "75,00" in lines


def test_the_line_page_shows_the_waiting_list_and_the_active(
    social_worker_a, planner, adm, case_a, client
):
    services.intake_refer(
        actor=social_worker_a, case=case_a, line=adm, reason="Supporto", hours_per_week="6",
        referred_on=dt.date(2026, 11, 10),
    )  # fmt: skip
    login(client, planner)
    page = client.get(reverse("district:line", args=[adm.uuid])).content.decode()
    assert 'data-testid="waiting-list"' in page and "Rossi" in page
    assert ">10</td>" in page  # ten days in the list


def test_the_report_downloads_as_excel_csv_and_pdf(social_worker_a, planner, adm, case_a, client):
    intake = services.intake_refer(
        actor=social_worker_a, case=case_a, line=adm, reason="Supporto", hours_per_week="6",
        referred_on=dt.date(2026, 9, 1),
    )  # fmt: skip
    services.intake_transition(actor=planner, intake=intake, name="admit", on="2026-09-11")
    services.hours_record(actor=planner, intake=intake, on=dt.date(2026, 10, 1), hours="10",
                          operator="Neri", period="month")  # fmt: skip
    login(client, planner)
    page = client.get(reverse("district:report"), {"anno": 2026}).content.decode()
    assert "250,00" in page and "ottobre" in page and "Rossi" not in page

    csv = client.get(reverse("district:report"), {"anno": 2026, "formato": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert "Assistenza domiciliare minori" in text and "250" in text and "Rossi" not in text
    xlsx = client.get(reverse("district:report"), {"anno": 2026, "formato": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("district:report"), {"anno": 2026, "formato": "pdf"})
    assert pdf.content.startswith(b"%PDF")
