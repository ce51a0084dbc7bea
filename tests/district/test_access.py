"""Who sees what: another zone's lines and intakes do not exist (404), a social worker sees
the intakes of the cases they see only, a provider's operator those of its own line, the
assembly the figures and no person."""

import datetime as dt

import pytest
from django.urls import reverse

from ambito.district.models import DistrictIntake
from ambito.district.selectors import district as selectors
from ambito.district.services import intakes as services
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def intakes(social_worker_a, social_worker_b, planner, adm, case_a, case_b):
    mario = services.intake_refer(
        actor=social_worker_a, case=case_a, line=adm, reason="Supporto", hours_per_week="6",
        referred_on=dt.date(2026, 10, 1),
    )  # fmt: skip
    giulia = services.intake_refer(
        actor=social_worker_b, case=case_b, line=adm, reason="Supporto", hours_per_week="4",
        referred_on=dt.date(2026, 10, 2),
    )  # fmt: skip
    services.intake_transition(actor=planner, intake=mario, name="admit")
    return mario, giulia


def test_a_social_worker_sees_only_the_intakes_of_their_cases(social_worker_a, intakes, client):
    mario, giulia = intakes
    assert list(DistrictIntake.objects.visible_to(social_worker_a)) == [mario]

    login(client, social_worker_a)
    assert client.get(reverse("district:intake", args=[mario.uuid])).status_code == 200
    assert client.get(reverse("district:intake", args=[giulia.uuid])).status_code == 404
    page = client.get(reverse("district:line", args=[mario.line.uuid])).content.decode()
    assert "Rossi" in page and "Bianchi" not in page


def test_another_zones_social_worker_gets_404_on_lines_and_intakes(
    social_worker_other_zone, intakes, client
):
    mario, _ = intakes
    login(client, social_worker_other_zone)
    assert client.get(reverse("district:line", args=[mario.line.uuid])).status_code == 404
    assert client.get(reverse("district:intake", args=[mario.uuid])).status_code == 404
    api = client.get(f"/api/v1/servizi-distrettuali/prese-in-carico/{mario.uuid}")
    assert api.status_code == 404


def test_the_providers_operator_sees_its_lines_intakes_and_another_provider_nothing(
    aurora_operator, other_operator, intakes, sil
):
    assert set(DistrictIntake.objects.visible_to(aurora_operator)) == set(intakes)
    assert not DistrictIntake.objects.visible_to(other_operator).exists()
    assert [line.name for line in selectors.lines_for(other_operator)] == []


def test_the_assembly_reads_the_report_and_no_intake(assembly, intakes, client):
    mario, _ = intakes
    login(client, assembly)
    assert client.get(reverse("district:report")).status_code == 200
    assert client.get(reverse("district:intake", args=[mario.uuid])).status_code == 403
    assert not DistrictIntake.objects.visible_to(assembly).exists()


def test_a_social_worker_may_not_read_the_report(social_worker_a, intakes, client):
    login(client, social_worker_a)
    assert client.get(reverse("district:report")).status_code == 403
