"""The public charter's list of accredited providers: no login, per service the providers
accredited today; never one not accredited, suspended, revoked or expired."""

import datetime as dt

import pytest
from freezegun import freeze_time

from ambito.providers.models import AccreditationApplication, ProviderStructure
from ambito.providers.services import accreditation as services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with freeze_time("2026-03-02 10:00"):
        yield


def test_the_public_page_lists_p1_not_p2_nor_a_suspended_one(
    client,
    zone_a,
    accreditation_1,
    provider_1,
    provider_2,
    planner,
    accreditation_scheme,
    municipality_a,
):
    ProviderStructure.objects.create(
        provider=provider_1, name="Sede Aurora", municipality=municipality_a
    )
    third = AccreditationApplication.objects.create(
        zone=zone_a,
        scheme=accreditation_scheme,
        provider=provider_2,
        state="accredited",
        decision_act="Determina 13/2026",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2028, 12, 31),
        created_by=planner,
    )
    services.application_suspend(actor=planner, application=third, reason="Verifica")
    page = client.get(f"/carta/{zone_a.code}/erogatori-accreditati/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Assistenza domiciliare (voucher)" in html
    assert "Cooperativa Aurora" in html
    assert "Sede Aurora" in html
    assert "31/12/2028" in html
    assert "Cooperativa Borgo" not in html


def test_expired_and_revoked_never_appear(client, zone_a, accreditation_1, planner):
    services.application_revoke(actor=planner, application=accreditation_1, reason="Carenze")
    html = client.get(f"/carta/{zone_a.code}/erogatori-accreditati/").content.decode()
    assert "Cooperativa Aurora" not in html
    assert "Nessun erogatore accreditato oggi." in html


def test_an_unknown_zone_is_a_404(client, db):
    assert client.get("/carta/nessuna/erogatori-accreditati/").status_code == 404
