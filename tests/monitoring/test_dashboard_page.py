"""The LEP dashboard as read at 1366 px (issue 15): a scrolling table keeps its first column in
view and can be reached by keyboard, the date field shows the date in use, targets carry their
unit, and counts agree with their noun."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from ambito.monitoring.indicators import INDICATORS
from ambito.monitoring.reports import target_text
from ambito.monitoring.scope import Scope
from tests.conftest import login
from tests.factories import AccessPointFactory


def test_targets_carry_their_unit():
    assert target_text(INDICATORS["lep-analisi-interventi"]) == "≥ 100%"
    assert target_text(INDICATORS["lep-assistenti-sociali"]) == "≤ 5.000 abitanti per ETP"
    assert target_text(INDICATORS["lep-eemm"]) == "≥ 1 équipe"


def test_one_required_point_is_singular(zone_a, municipality_b, populations):
    for name in ("Uno", "Due"):
        AccessPointFactory(zone=zone_a, municipality=municipality_b, name=name)
    value = INDICATORS["lep-punti-accesso"].value(
        Scope(zone_a, timezone.localdate(), municipality_b)
    )
    assert value.display == "2 punti su 1 richiesto"


def test_the_date_field_shows_the_date_in_use(client, planner, populations):
    login(client, planner)
    html = client.get(reverse("monitoring:dashboard")).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    html = client.get(reverse("monitoring:dashboard"), {"data": "", "comune": ""}).content.decode()
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html
    html = client.get(reverse("monitoring:dashboard"), {"data": "2025-06-30"}).content.decode()
    assert 'value="2025-06-30"' in html
    assert dt.date(2025, 6, 30).strftime("%d/%m/%Y") in html


def test_scroll_containers_are_focusable_and_keep_the_first_column(client, planner, populations):
    login(client, planner)
    for url in (reverse("monitoring:dashboard"), reverse("monitoring:report", args=["lep"])):
        html = client.get(url).content.decode()
        containers = re.findall(r'<div class="table-responsive[^"]*"[^>]*>', html)
        assert containers, url
        for tag in containers:
            assert 'tabindex="0"' in tag and 'role="region"' in tag, tag
            assert "aria-label" in tag, tag
        tables = re.findall(r"<table [^>]*>", html)
        assert all("table-sticky" in t for t in tables), tables
