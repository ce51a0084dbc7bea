"""An intervention is charged to one of the zone's fund sources (§4 step 6, §9), not free text."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambito.cases import selectors, services
from ambito.cases.models import Intervention
from ambito.catalog.models import InterventionType
from ambito.core.models import EventLog
from ambito.planning.models import FundMovement, FundSource
from ambito.planning.services import allocation_add

pytestmark = pytest.mark.django_db

migration = importlib.import_module("ambito.cases.migrations.0007_intervention_fund_source")


@pytest.fixture
def poverty(planner):
    """The poverty fund, with € 1.000 allocated to the zone this year: an intervention charged
    to a fund draws on the fund year's residual (§9)."""
    fund = FundSource.objects.get(code="FP-QS")
    allocation_add(
        actor=planner,
        fund=fund,
        year=timezone.localdate().year,
        amount=Decimal("1000.00"),
        act="Decreto di riparto",
    )
    return fund


def _add(case, actor, **data):
    return services.intervention_add(
        actor=actor,
        case=case,
        data={
            "intervention_type": InterventionType.objects.get(code="B.2.b"),
            "start_on": timezone.localdate(),
            **data,
        },
    )


def test_the_intervention_form_lists_the_fund_sources_and_charges_one(
    client, social_worker_a, assigned_case, poverty
):
    url = f"/cartelle/{assigned_case.uuid}/"
    client.force_login(social_worker_a)
    html = client.get(url).content.decode()
    active = FundSource.objects.filter(active=True)
    assert active.count() == 11
    for fund in active:
        assert f'<option value="{fund.pk}">{fund.name}</option>' in html
    response = client.post(
        f"{url}interventi/",
        {
            "intervention_type": InterventionType.objects.get(code="B.2.b").pk,
            "start_on": timezone.localdate().isoformat(),
            "status": "active",
            "cost": "450.50",
            "fund": poverty.pk,
        },
    )
    assert response.status_code == 302
    assert Intervention.objects.get().fund == poverty
    assert "Fondo Povertà – quota servizi" in client.get(url).content.decode()


def test_an_inactive_fund_source_is_not_offered_nor_accepted(social_worker_a, assigned_case):
    closed = FundSource.objects.get(code="FEAD")
    closed.active = False
    closed.save()
    from ambito.cases.forms import InterventionForm

    assert closed not in InterventionForm(zone_id=assigned_case.zone_id).fields["fund"].queryset
    with pytest.raises(Exception, match="non è attiva"):
        _add(assigned_case, social_worker_a, fund=closed)


def test_the_api_takes_and_gives_the_fund_code(social_worker_a, assigned_case):
    from tests.cases.test_api import post, token_client

    client = token_client(social_worker_a)
    path = f"/cases/{assigned_case.uuid}/interventions"
    base = {"intervention_type": "B.2.b", "start_on": timezone.localdate().isoformat()}
    response = post(client, path, {**base, "fund": "FNPS"})
    assert response.status_code == 201 and response.json()["fund"] == "FNPS"
    response = post(client, path, {**base, "fund": "NESSUNO"})
    assert response.status_code == 422
    assert "Fonte di finanziamento sconosciuta" in response.json()["errors"]["fund"][0]


def test_the_migration_maps_text_to_fund_sources_and_keeps_what_does_not_match(
    social_worker_a, assigned_case
):
    by_code = _add(assigned_case, social_worker_a, fund_note="fnps")
    by_name = _add(assigned_case, social_worker_a, fund_note="  Fondo sociale  regionale ")
    by_prefix = _add(assigned_case, social_worker_a, fund_note="Fondo Povertà")
    unknown = _add(assigned_case, social_worker_a, fund_note="a carico del Comune di Agliana")
    migration.text_to_fund_source(apps, None)
    for intervention, code in [(by_code, "FNPS"), (by_name, "FSR"), (by_prefix, "FP-QS")]:
        intervention.refresh_from_db()
        assert intervention.fund.code == code and intervention.fund_note == ""
    unknown.refresh_from_db()
    assert unknown.fund is None and unknown.fund_note == "a carico del Comune di Agliana"


def test_what_interventions_spend_is_counted_per_fund_and_year(
    social_worker_a, assigned_case, poverty
):
    _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("100.00"))
    _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("50.50"))
    _add(assigned_case, social_worker_a, cost=Decimal("7.00"))
    year = timezone.localdate().year
    assert selectors.intervention_cost_by_fund(zone_id=assigned_case.zone_id) == {
        (poverty.pk, year): Decimal("150.50")
    }


def test_the_fund_table_of_the_plan_office_shows_what_interventions_spend(
    client, social_worker_a, assigned_case, planner, poverty
):
    from ambito.planning.selectors import fund_table

    _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("120.00"))
    year = timezone.localdate().year
    (row,) = fund_table(zone_id=assigned_case.zone_id, year=year)
    assert (row.fund, row.interventions, row.planned, row.committed) == (
        poverty,
        Decimal("120.00"),
        Decimal("120.00"),
        Decimal("120.00"),
    )
    assert row.residual == Decimal("880.00")
    client.force_login(planner)
    page = client.get(f"/programmazione/fondi/?anno={year}").content.decode()
    assert "Interventi sulle cartelle" in page and "120,00" in page and "880,00" in page


def test_an_intervention_over_the_residual_of_its_fund_is_refused_and_nothing_is_written(
    social_worker_a, assigned_case, poverty
):
    _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("900.00"))
    before = (Intervention.objects.count(), FundMovement.objects.count(), EventLog.objects.count())
    with pytest.raises(ValidationError) as refused:
        _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("100.01"))
    message = refused.value.message_dict["cost"][0]
    year = timezone.localdate().year
    assert message.startswith(
        f"Il fondo «Fondo Povertà – quota servizi» per il {year} ha un residuo di € 100,00: "
        "l'intervento ne chiede € 100,01."
    )
    assert "Riduci l'importo o indica il motivo." in message
    assert (
        Intervention.objects.count(),
        FundMovement.objects.count(),
        EventLog.objects.count(),
    ) == before
    # What fits the residual exactly is accepted.
    _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("100.00"))


def test_the_case_page_shows_why_an_intervention_over_the_residual_is_refused(
    client, social_worker_a, assigned_case, poverty
):
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/"
    response = client.post(
        f"{url}interventi/",
        {
            "intervention_type": InterventionType.objects.get(code="B.2.b").pk,
            "start_on": timezone.localdate().isoformat(),
            "status": "active",
            "cost": "1000.01",
            "fund": poverty.pk,
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "ha un residuo di € 1.000,00: l&#x27;intervento ne chiede € 1.000,01" in html
    assert not Intervention.objects.exists()


def test_an_intervention_back_from_cancelled_draws_on_the_residual_again(
    social_worker_a, assigned_case, poverty
):
    from ambito.cases.models import InterventionStatus

    first = _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("800.00"))
    services.intervention_set_status(
        actor=social_worker_a, intervention=first, status=InterventionStatus.CANCELLED
    )
    _add(assigned_case, social_worker_a, fund=poverty, cost=Decimal("700.00"))
    # € 300 left: the cancelled € 800 cannot come back.
    with pytest.raises(ValidationError) as refused:
        services.intervention_set_status(
            actor=social_worker_a, intervention=first, status=InterventionStatus.ACTIVE
        )
    assert "ha un residuo di € 300,00" in refused.value.message_dict["status"][0]
    first.refresh_from_db()
    assert first.status == InterventionStatus.CANCELLED
