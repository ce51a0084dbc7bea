"""EEMM teams and members work in a period: the LEP dashboard counts, as of a date, the teams
and the partner institutions working then; a team switched off says until when it worked."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ambito.cases.models import EemmMember, EemmTeam
from ambito.monitoring.indicators import INDICATORS
from ambito.monitoring.scope import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(zone_a):
    team = EemmTeam.objects.create(
        zone=zone_a, name="EEMM base", started_on=date(2018, 4, 3), ended_on=date(2020, 12, 31)
    )
    EemmMember.objects.create(team=team, name="A", institution="SdS", role="social_worker")
    EemmMember.objects.create(
        team=team, name="B", institution="CPI", role="cpi", ended_on=date(2019, 6, 30)
    )
    return team


def count(code, zone, day):
    return INDICATORS[code].value(Scope(zone, day)).value


def test_a_team_counts_only_while_its_period_holds_the_date(zone_a, team):
    assert count("lep-eemm", zone_a, date(2018, 3, 31)) == 0
    assert count("lep-eemm", zone_a, date(2018, 11, 30)) == 1
    assert count("lep-eemm", zone_a, date(2021, 1, 1)) == 0


def test_partner_institutions_are_those_of_members_working_on_the_date(zone_a, team):
    assert count("percorso-enti-eemm", zone_a, date(2018, 11, 30)) == 2
    assert count("percorso-enti-eemm", zone_a, date(2019, 7, 1)) == 1


def test_a_team_no_longer_active_must_say_until_when(zone_a):
    team = EemmTeam(zone=zone_a, name="EEMM chiusa", active=False)
    with pytest.raises(ValidationError) as error:
        team.full_clean()
    assert "fino a quando" in str(error.value)
    team.ended_on = date(2024, 1, 31)
    team.started_on = date(2024, 2, 1)
    with pytest.raises(ValidationError, match="non può precedere"):
        team.full_clean()
