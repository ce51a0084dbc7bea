"""The report of the titoli sociali: every section's figures on a small data set computed by
hand, the portfolio against the fund ledger, the files (Excel numbers, CSV decimal comma,
PDF), the API, who reads what (the assembly: figures only; a social worker: refused) and a
fixed number of queries.

The data set, zone A, schemes of 2026 (conftest): VDO (voucher € 400 / 20 h, budget € 1.000,
on the portfolio line "Anziani" of FNPS 2026, € 1.200) and BSM (buono € 300, budget € 600,
no line).
- V1 VDO, Mario Rossi, municipality A, active with Cooperativa Aurora: March 6 h € 120 paid
  (payment "Liq. 5/2026", 15/04/2026, € 120), April 4 h € 80 validated.
- V2 VDO, Giulia Bianchi, municipality B, active with Aurora: April 3 h € 60 recorded,
  2 h € 40 rejected.
- V3 BSM, Mario Rossi, municipality A, issued (€ 300).
- W  VDO, Giulia Bianchi, municipality B, waiting (requested € 400).
VDO committed € 800, BSM € 300.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from ambito.catalog.models import Service
from ambito.core.models import AccessLog
from ambito.planning import ledger
from ambito.planning.choices import LedgerOrigin, LedgerStage
from ambito.planning.models import BudgetLine, FundMovement
from ambito.providers import tallies
from ambito.providers.models import Delivery, Payment, Provider, Voucher, VoucherScheme
from ambito.providers.selectors.reports import providers_report
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = Decimal
URL = "/erogatori/rapporto/"
EXPORT = "/erogatori/rapporto/esporta/"
API = "/api/v1/erogatori/rapporto"


def _voucher(scheme, person, case, municipality, actor, **fields):
    defaults = {
        "state": "active",
        "requested_at": timezone.now(),
        "requested_value": scheme.value,
        "decision_act": "Determina 40/2026",
        "decision_date": dt.date(2026, 2, 1),
        "value": scheme.value,
        "units": scheme.units,
        "valid_from": dt.date(2026, 2, 1),
        "valid_until": dt.date(2026, 12, 31),
        "issued_at": timezone.now(),
    }
    defaults.update(fields)
    return Voucher.objects.create(
        zone=scheme.zone, scheme=scheme, person=person, case=case, municipality=municipality,
        issued_by=actor, **defaults,
    )  # fmt: skip


def _delivery(voucher, provider, actor, start, units, amount, state, payment=None):
    return Delivery.objects.create(
        zone=voucher.zone, voucher=voucher, provider=provider, date_from=start,
        date_to=start + dt.timedelta(days=20), units=D(units), amount=D(amount), state=state,
        recorded_by=actor, payment=payment,
    )  # fmt: skip


@pytest.fixture
def portfolio_line(zone_a, fnps):
    return BudgetLine.objects.create(
        zone=zone_a, year=2026, service_area="Anziani", fund=fnps, amount=D("1200.00"),
        management_form="purchases",
    )  # fmt: skip


@pytest.fixture
def case_b(social_worker_b, person_b):
    from ambito.cases import services as cases

    return cases.case_open(actor=social_worker_b, person=person_b)


@pytest.fixture
def data(
    zone_a, planner, social_worker_a, voucher_case, case_b, person_a, person_b, municipality_a,
    municipality_b, home_care_scheme, buono_scheme, portfolio_line, provider_1, accreditation_1,
):  # fmt: skip
    VoucherScheme.objects.filter(pk=home_care_scheme.pk).update(
        budget_line=portfolio_line, committed=D("800.00")
    )
    VoucherScheme.objects.filter(pk=buono_scheme.pk).update(committed=D("300.00"))
    home_care_scheme.refresh_from_db()
    buono_scheme.refresh_from_db()
    worker = social_worker_a
    v1 = _voucher(home_care_scheme, person_a, voucher_case, municipality_a, worker, number=1,
                  provider=provider_1, spent=D("200.00"), paid=D("120.00"))  # fmt: skip
    v2 = _voucher(home_care_scheme, person_b, case_b, municipality_b, worker, number=2,
                  provider=provider_1, spent=D("60.00"))  # fmt: skip
    v3 = _voucher(buono_scheme, person_a, voucher_case, municipality_a, worker, number=1,
                  state="issued")  # fmt: skip
    _voucher(home_care_scheme, person_b, case_b, municipality_b, worker, state="waiting",
             value=D("0"), issued_at=None, priority=1)  # fmt: skip
    payment = Payment.objects.create(
        zone=zone_a, provider=provider_1, scheme=home_care_scheme, act_number="Liq. 5/2026",
        paid_on=dt.date(2026, 4, 15), amount=D("120.00"), recorded_by=planner,
    )  # fmt: skip
    _delivery(v1, provider_1, planner, dt.date(2026, 3, 2), "6", "120.00", "paid", payment)
    _delivery(v1, provider_1, planner, dt.date(2026, 4, 1), "4", "80.00", "validated")
    _delivery(v2, provider_1, planner, dt.date(2026, 4, 3), "3", "60.00", "recorded")
    _delivery(v2, provider_1, planner, dt.date(2026, 4, 8), "2", "40.00", "rejected")
    ledger.rebuild(zone_ids=[zone_a.pk])
    tallies.rebuild([zone_a.pk])
    return {"v1": v1, "v2": v2, "v3": v3, "payment": payment}


@pytest.fixture
def other_zone(zone_b, municipality_other_zone, person_other_zone, social_worker_other_zone, fnps):
    """Zone B: one scheme of 2026 with a voucher spent and paid with its own provider."""
    from ambito.cases import services as cases

    service = Service.objects.create(
        zone=zone_b, slug="sad-b", name="SAD zona B", short_description="x", status="published"
    )
    scheme = VoucherScheme.objects.create(
        zone=zone_b, code="ALTRO", title="Misura dell'altro ambito", kind="voucher",
        service=service, value=D("999.00"), valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 12, 31), fund=fnps, year=2026, budget=D("5000.00"),
        committed=D("999.00"), status="open",
    )  # fmt: skip
    organisation = OrganisationFactory(zone=zone_b, kind="provider", name="Cooperativa Lontana")
    provider = Provider.objects.create(zone=zone_b, organisation=organisation, mode="accredited")
    case = cases.case_open(actor=social_worker_other_zone, person=person_other_zone)
    voucher = _voucher(scheme, person_other_zone, case, municipality_other_zone,
                       social_worker_other_zone, number=1, provider=provider,
                       spent=D("500.00"), paid=D("500.00"))  # fmt: skip
    payment = Payment.objects.create(
        zone=zone_b, provider=provider, scheme=scheme, act_number="Liq. B", amount=D("500.00"),
        paid_on=dt.date(2026, 4, 20), recorded_by=social_worker_other_zone,
    )  # fmt: skip
    _delivery(voucher, provider, social_worker_other_zone, dt.date(2026, 4, 1), "25",
              "500.00", "paid", payment)  # fmt: skip
    ledger.rebuild(zone_ids=[zone_b.pk])
    tallies.rebuild([zone_b.pk])
    return scheme


@pytest.fixture
def assembly(zone_a):
    return UserFactory(username="assemblea", zone=zone_a, roles=["assembly"])


# --- the figures -----------------------------------------------------------------------------


def test_vouchers_are_counted_by_scheme_and_state_and_by_municipality(zone_a, data):
    report = providers_report(zone_a.pk, 2026)
    states = [(r.scheme.code, r.state, r.count, r.value) for r in report.states]
    assert states == [
        ("BSM", "issued", 1, D("300.00")),
        ("VDO", "waiting", 1, D("0.00")),
        ("VDO", "active", 2, D("800.00")),
    ]
    municipalities = [
        (r.municipality, r.issued, r.value_issued, r.waiting) for r in report.municipalities
    ]
    names = sorted([data["v1"].municipality.name, data["v2"].municipality.name])
    assert [m[0] for m in municipalities] == names
    by_name = {m[0]: m[1:] for m in municipalities}
    assert by_name[data["v1"].municipality.name] == (2, D("700.00"), 0)
    assert by_name[data["v2"].municipality.name] == (1, D("400.00"), 1)


def test_each_scheme_shows_its_budget_used_and_residual(zone_a, data):
    report = providers_report(zone_a.pk, 2026)
    rows = {r.scheme.code: r for r in report.budgets}
    vdo, bsm = rows["VDO"], rows["BSM"]
    assert (vdo.budget, vdo.committed, vdo.residual) == (D("1000"), D("800"), D("200"))
    assert (vdo.spent, vdo.paid) == (D("260.00"), D("120.00"))
    assert (vdo.waiting, vdo.waiting_value) == (1, D("400.00"))
    assert vdo.used.points == D("80.0")
    assert (bsm.budget, bsm.committed, bsm.residual, bsm.spent, bsm.paid) == (
        D("600"), D("300"), D("300"), D("0"), D("0"),
    )  # fmt: skip
    assert (bsm.waiting, bsm.waiting_value, bsm.used.points) == (0, D("0"), D("50.0"))
    totals = report.totals
    assert (totals["budget"], totals["committed"], totals["residual"]) == (
        D("1600"), D("1100"), D("500"),
    )  # fmt: skip
    assert totals["used"].points == D("68.8")


def test_beneficiaries_per_provider_are_a_count_with_units_and_euros(zone_a, data, provider_1):
    [row] = providers_report(zone_a.pk, 2026).providers
    assert row.provider == "Cooperativa Aurora"
    assert row.provider_uuid == provider_1.uuid
    assert (row.beneficiaries, row.vouchers) == (2, 2)
    assert row.units == D("13")  # 6 + 4 + 3, the rejected 2 hours left out
    assert (row.validated, row.paid) == (D("200.00"), D("120.00"))


def test_deliveries_and_payments_by_month_and_the_payments_list(zone_a, data):
    report = providers_report(zone_a.pk, 2026)
    march, april = report.months
    assert (march.month.month, april.month.month) == (3, 4)
    assert (march.recorded_units, march.recorded) == (D("6"), D("120"))
    assert (march.validated_units, march.validated, march.paid_units, march.paid) == (
        D("6"), D("120"), D("6"), D("120"),
    )  # fmt: skip
    assert (march.rejected, march.payments, march.payments_amount) == (D("0"), 0, D("0"))
    assert (april.recorded_units, april.recorded) == (D("9"), D("180"))
    assert (april.validated_units, april.validated) == (D("4"), D("80"))
    assert (april.rejected_units, april.rejected) == (D("2"), D("40"))
    assert (april.paid_units, april.paid) == (D("0"), D("0"))
    assert (april.payments, april.payments_amount) == (1, D("120"))
    [payment] = list(report.payments)
    assert payment["act_number"] == "Liq. 5/2026"
    assert payment["paid_on"] == dt.date(2026, 4, 15)
    assert payment["provider__organisation__name"] == "Cooperativa Aurora"
    assert payment["amount"] == D("120.00")


def test_the_portfolio_line_is_set_against_what_the_vouchers_committed_on_the_ledger(
    zone_a, data, portfolio_line, home_care_scheme
):
    [row] = providers_report(zone_a.pk, 2026).portfolio
    assert (row.service_area, row.year, row.amount) == ("Anziani", 2026, D("1200.00"))
    assert (row.schemes, row.budgets) == ("VDO", D("1000.00"))
    assert (row.committed, row.paid, row.difference) == (D("800"), D("120"), D("400"))
    assert row.used.points == D("66.7")
    # The same euros as the fund ledger holds for the scheme's vouchers and payments.
    ledger_rows = FundMovement.objects.filter(zone=zone_a, year=2026)
    committed = sum(
        m.amount
        for m in ledger_rows.filter(origin=LedgerOrigin.VOUCHER, stage=LedgerStage.COMMITTED)
        if Voucher.objects.get(pk=m.origin_id).scheme_id == home_care_scheme.pk
    )
    paid = ledger_rows.get(origin=LedgerOrigin.VOUCHER_PAYMENT, stage=LedgerStage.PAID).amount
    assert (committed, paid) == (row.committed, row.paid)


def test_a_year_without_schemes_is_empty(zone_a, data):
    report = providers_report(zone_a.pk, 2025)
    assert not (report.states or report.budgets or report.months or report.portfolio)
    assert report.providers == [] and list(report.payments) == []


def test_another_zones_data_never_appear(client, zone_a, data, other_zone, planner):
    report = providers_report(zone_a.pk, 2026)
    assert "ALTRO" not in {r.scheme.code for r in report.budgets + report.states}
    assert [r.provider for r in report.providers] == ["Cooperativa Aurora"]
    assert [p["act_number"] for p in report.payments] == ["Liq. 5/2026"]
    assert sum(r.recorded for r in report.months) == D("300.00")
    login(client, planner)
    page = client.get(URL, {"anno": 2026}).content.decode()
    assert "Cooperativa Lontana" not in page and "ALTRO" not in page
    body = client.get(API, {"anno": 2026}).json()
    assert {b["code"] for b in body["budgets"]} == {"VDO", "BSM"}
    assert "Liq. B" not in str(body)


def test_the_report_takes_a_fixed_number_of_queries(
    zone_a, data, django_assert_max_num_queries, home_care_scheme, person_a, voucher_case,
    municipality_a, social_worker_a, provider_1, planner,
):  # fmt: skip
    def run():
        report = providers_report(zone_a.pk, 2026)
        list(report.payments)
        return report

    with django_assert_max_num_queries(14) as small:
        run()
    # Ten times the vouchers and deliveries: the same number of queries.
    for number in range(10, 30):
        voucher = _voucher(home_care_scheme, person_a, voucher_case, municipality_a,
                           social_worker_a, number=number, value=D("1"), provider=provider_1,
                           spent=D("1"))  # fmt: skip
        _delivery(voucher, provider_1, planner, dt.date(2026, 5, 1), "1", "1", "validated")
    ledger.rebuild(zone_ids=[zone_a.pk])
    tallies.rebuild([zone_a.pk])
    with django_assert_max_num_queries(len(small)):
        report = run()
    assert providers_report(zone_a.pk, 2026).providers[0].vouchers == 22
    assert len(report.months) == 3


# --- the page, the files, the API, who reads ------------------------------------------------


def test_the_plan_office_reads_the_report_page(client, planner, data):
    login(client, planner)
    response = client.get(reverse("providers:report"), {"anno": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Titoli sociali: rapporto 2026" in page
    assert "€ 1.000,00" in page and "80,0" in page  # VDO's budget and share used
    assert "Cooperativa Aurora" in page and "Liq. 5/2026" in page
    assert "15/04/2026" in page and "04/2026" in page
    assert "Rossi" not in page and "Bianchi" not in page  # no beneficiary, anywhere


def test_the_excel_file_has_a_sheet_per_section_and_numbers_stay_numbers(client, planner, data):
    login(client, planner)
    response = client.get(reverse("providers:report_export"), {"anno": 2026, "formato": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 7
    budgets = book["Budget usato e residuo"]
    header = [c.value for c in budgets[1]]
    rows = {r[0]: r for r in budgets.iter_rows(min_row=2, values_only=True)}
    vdo = dict(zip(header, rows["VDO"], strict=True))
    assert vdo["Budget (€)"] == 1000 and isinstance(vdo["Budget (€)"], (int, float))
    assert vdo["Impegnato (€)"] == 800 and vdo["Speso (€)"] == 260
    assert vdo["Budget usato (%)"] == pytest.approx(0.8)
    portfolio = list(book["Portafoglio e titoli emessi"].iter_rows(min_row=2, values_only=True))
    assert portfolio[0][3] == 1200 and portfolio[0][8] == 400
    assert AccessLog.objects.filter(
        user=planner, action="export", object_type="providers.report"
    ).exists()


def test_a_csv_table_has_the_italian_decimal_comma(client, planner, data):
    login(client, planner)
    response = client.get(EXPORT, {"anno": 2026, "formato": "csv", "tabella": "mesi"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Mese;Unità registrate;Registrato (€)")
    assert lines[2].startswith("04/2026;9,00;180,00;4,00;80,00;2,00;40,00")
    assert client.get(EXPORT, {"anno": 2026, "formato": "csv", "tabella": "x"}).status_code == 404


def test_the_pdf_is_a_pdf(client, planner, data):
    login(client, planner)
    response = client.get(EXPORT, {"anno": 2026, "formato": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_api_gives_the_same_figures_as_money_and_integers(client, planner, data):
    login(client, planner)
    response = client.get(API, {"anno": 2026})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026 and body["figures_only"] is False
    vdo = next(b for b in body["budgets"] if b["code"] == "VDO")
    assert vdo["budget"] == "1000.00" and vdo["committed"] == "800.00"
    assert vdo["waiting"] == 1 and vdo["used_percent"] == "80.00"
    assert body["providers"][0]["beneficiaries"] == 2
    assert body["providers"][0]["validated"] == "200.00"
    assert [m["month"] for m in body["months"]] == ["2026-03", "2026-04"]
    assert body["payments"][0]["amount"] == "120.00"
    assert body["portfolio"][0]["difference"] == "400.00"
    assert body["portfolio"][0]["schemes"] == ["VDO"]
    assert {"municipality", "issued", "value_issued", "waiting"} <= set(
        body["vouchers_by_municipality"][0]
    )


def test_the_assembly_reads_the_figures_only(client, assembly, data):
    login(client, assembly)
    page = client.get(URL, {"anno": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "€ 1.000,00" in text and "Anziani" in text
    assert "Cooperativa Aurora" not in text and "Liq. 5/2026" not in text
    body = client.get(API, {"anno": 2026}).json()
    assert body["figures_only"] is True
    assert body["providers"] == [] and body["payments"] == []
    assert body["budgets"]
    book = load_workbook(io.BytesIO(client.get(EXPORT, {"anno": 2026}).content))
    assert "Pagamenti" not in book.sheetnames and len(book.sheetnames) == 5
    refused = client.get(EXPORT, {"anno": 2026, "formato": "csv", "tabella": "erogatori"})
    assert refused.status_code == 404


def test_a_social_worker_and_a_providers_operator_are_refused(
    client, social_worker_a, operator_1, data
):
    for user in (social_worker_a, operator_1):
        login(client, user)
        assert client.get(URL).status_code == 403
        assert client.get(EXPORT, {"formato": "xlsx"}).status_code == 403
        assert client.get(API).status_code == 403
