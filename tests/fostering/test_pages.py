"""Pages and API scoped by role: the foster-care centre sees the register, the case team its
placements, the plan office the figures only; anyone else a 404."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from ambito.fostering.models import Placement
from ambito.fostering.services import placements as placement_services
from tests.conftest import login

from .conftest import START

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(social_worker_a, case, child, residential_family):
    return placement_services.placement_create(
        actor=social_worker_a,
        case=case,
        family=residential_family,
        children=[child],
        kind="residential",
        basis="court",
        court_reference="Decreto TM 3/2026",
        starts_on=START,
    )


def test_the_centre_lists_the_register_filtered_by_kind(
    client, centre, residential_family, weekend_family
):
    page = login(client, centre).get("/affido/famiglie/?tipo=weekend")
    assert page.status_code == 200
    assert "Neri Paolo" in page.text and "Bianchi Marco" not in page.text
    detail = client.get(f"/affido/famiglie/{residential_family.uuid}/")
    assert "Iscritta all" in detail.text and "Corso base affido" in detail.text


def test_a_social_worker_does_not_see_the_register_but_sees_their_placement(
    client, social_worker_a, placement, residential_family
):
    login(client, social_worker_a)
    assert client.get("/affido/famiglie/").status_code == 403
    assert client.get(f"/affido/famiglie/{residential_family.uuid}/").status_code == 403
    page = client.get(f"/affido/affidi/{placement.uuid}/")
    assert page.status_code == 200
    assert "Bianchi Marco e Laura" in page.text and "Luca Verdi" in page.text


def test_a_social_worker_outside_the_case_team_gets_404(client, social_worker_b, placement, case):
    login(client, social_worker_b)
    assert client.get(f"/affido/affidi/{placement.uuid}/").status_code == 404
    assert client.get(f"/affido/cartelle/{case.uuid}/nuovo-affido/").status_code == 404
    assert "Luca" not in client.get("/affido/affidi/").text
    assert client.get(f"/api/v1/affido/affidi/{placement.uuid}").status_code == 404


def test_the_planner_sees_the_figures_only(client, planner, placement):
    login(client, planner)
    assert client.get("/affido/affidi/").status_code == 403
    assert client.get(f"/affido/affidi/{placement.uuid}/").status_code == 403
    report = client.get(f"/affido/rapporto/?al={START + datetime.timedelta(days=10):%Y-%m-%d}")
    assert report.status_code == 200
    assert "Bianchi" not in report.text and "Verdi" not in report.text
    figures = client.get("/api/v1/affido/cifre", {"on": "2026-03-12"}).json()
    residential = next(k for k in figures["kinds"] if k["kind"] == "residential")
    assert residential["minors_open"] == 1 and residential["median_days_open"] == 10.0
    assert client.get("/api/v1/affido/affidi").status_code == 403


def test_someone_with_no_role_gets_404_on_the_report(client, outsider):
    assert login(client, outsider).get("/affido/rapporto/").status_code == 404


def test_the_report_exports_numbers(client, centre, placement, social_worker_a):
    placement_services.placement_end(
        actor=social_worker_a,
        placement=placement,
        ended_on=datetime.date(2026, 4, 1),
        end_reason="return_home",
    )
    login(client, centre)
    xlsx = client.get("/affido/rapporto/esporta/?formato=xlsx&al=2026-05-01")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    assert rows["Residenziale (a tempo pieno)"][4] == 1  # one closed
    assert rows["Residenziale (a tempo pieno)"][7] == 30  # 2 March - 1 April
    csv = client.get("/affido/rapporto/esporta/?formato=csv&al=2026-05-01")
    assert csv.status_code == 200 and "Pronta accoglienza" in csv.content.decode("utf-8")
    pdf = client.get("/affido/rapporto/esporta/?formato=pdf&al=2026-05-01")
    assert pdf.content.startswith(b"%PDF")


def test_a_placement_from_the_case_page_shows_only_matching_families(
    client, social_worker_a, case, child, residential_family, weekend_family
):
    login(client, social_worker_a)
    case_page = client.get(f"/cartelle/{case.uuid}/")
    assert "Nuovo affido" in case_page.text
    url = f"/affido/cartelle/{case.uuid}/nuovo-affido/"
    query = {"minori": [child.uuid], "tipo": "weekend", "inizio": "2026-03-02"}
    step = client.get(url, query)
    assert "Neri Paolo" in step.text and "Bianchi Marco" not in step.text
    created = client.post(
        url,
        {
            **query,
            "family": weekend_family.uuid,
            "basis": "consensual",
            "consent_on": "2026-02-20",
            "monthly_contribution": "150.00",
        },
    )
    assert created.status_code == 302
    placement = Placement.objects.get()
    assert placement.kind == "weekend" and list(placement.children.all()) == [child]
    assert "Affido fine settimana" in client.get(f"/cartelle/{case.uuid}/").text


def test_a_refused_placement_from_the_page_keeps_the_form_and_writes_nothing(
    client, social_worker_a, case, child, residential_family
):
    login(client, social_worker_a)
    url = f"/affido/cartelle/{case.uuid}/nuovo-affido/"
    answer = client.post(
        url,
        {
            "minori": [child.uuid],
            "tipo": "residential",
            "inizio": "2026-03-02",
            "family": residential_family.uuid,
            "basis": "court",
            "monthly_contribution": "0",
        },
    )
    assert answer.status_code == 422
    assert "Indica il decreto del Tribunale per i minorenni" in answer.text
    assert not Placement.objects.exists()


def test_the_api_matches_and_refuses_a_family_not_available_for_the_kind(
    client, social_worker_a, case, child, sibling, residential_family, weekend_family
):
    login(client, social_worker_a)
    found = client.get(
        f"/api/v1/affido/cartelle/{case.uuid}/famiglie-compatibili",
        {"kind": "residential", "starts_on": "2026-03-02", "children": [child.uuid, sibling.uuid]},
    ).json()
    assert [row["name"] for row in found["items"]] == ["Bianchi Marco e Laura"]
    body = {
        "case": str(case.uuid),
        "family": str(weekend_family.uuid),
        "children": [str(child.uuid)],
        "kind": "residential",
        "basis": "court",
        "court_reference": "Decreto 1/2026",
        "starts_on": "2026-03-02",
    }
    refused = client.post("/api/v1/affido/affidi", body, content_type="application/json")
    assert refused.status_code == 422
    assert "non ha dato disponibilità" in refused.json()["errors"]["kind"][0]
    assert not Placement.objects.exists()
    body["family"] = str(residential_family.uuid)
    created = client.post("/api/v1/affido/affidi", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["monthly_contribution"] == "0.00"
    assert client.get("/api/v1/affido/affidi").json()["count"] == 1


def test_the_centre_reads_families_and_groups_through_the_api(client, centre, residential_family):
    login(client, centre)
    families = client.get("/api/v1/affido/famiglie", {"kind": "emergency"}).json()
    assert [f["reference_adults"] for f in families["items"]] == ["Bianchi Marco e Laura"]
    assert client.get(f"/api/v1/affido/famiglie/{residential_family.uuid}").status_code == 200
    groups = client.post(
        "/affido/gruppi/",
        {"name": "Gruppo Crema", "started_on": "2026-01-10", "families": [residential_family.uuid]},
    )
    assert groups.status_code == 302
    assert client.get("/api/v1/affido/gruppi").json()["items"][0]["families"] == 1


def test_the_centre_suspends_a_family_from_its_page_and_a_bad_period_changes_nothing(
    client, centre, residential_family
):
    login(client, centre)
    url = f"/affido/famiglie/{residential_family.uuid}/sospensione/"
    bad = client.post(url, {"starts_on": "2026-03-10", "ends_on": "2026-03-01", "reason": "X"})
    assert bad.status_code == 422
    assert "non può precedere l" in bad.text
    assert not residential_family.suspensions.exists()
    good = client.post(url, {"starts_on": "2026-03-01", "reason": "Trasloco"})
    assert good.status_code == 302
    assert residential_family.suspensions.count() == 1


def test_a_family_hosting_a_child_cannot_be_withdrawn(
    client, centre, placement, residential_family
):
    login(client, centre)
    answer = client.post(
        f"/affido/famiglie/{residential_family.uuid}/ritiro/",
        {"withdrawn_on": "2026-04-01", "withdrawal_reason": "Rinuncia"},
    )
    assert answer.status_code == 422 and "affidi in corso" in answer.text
    residential_family.refresh_from_db()
    assert residential_family.status == "registered"
