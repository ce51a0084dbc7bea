"""Seed 002's tables come out of the reports and the LEP dashboard as of the date they bear,
30/11/2018, computed from the demo's records (demo/rei2018.py says how the records were drawn
and where the seed contradicts itself: the cells win)."""

from datetime import date
from decimal import Decimal

import pytest

from ambito.demo.pathway import REI_TABLE
from ambito.monitoring.indicators import INDICATORS
from ambito.monitoring.reports import REPORTS
from ambito.monitoring.scope import resolve_scope

pytestmark = pytest.mark.django_db

SEED_DATE = date(2018, 11, 30)
STATUSES = ("Accolta / positiva", "Decaduta", "Sospesa", "In lavorazione", "Respinta")


@pytest.fixture
def pistoia_2018(demo):
    return resolve_scope(zone="sds-pistoiese", as_of=SEED_DATE)


def tables(name, scope):
    return {table.title: table for table in REPORTS[name].build(scope)}


def value(code, scope):
    return INDICATORS[code].value(scope)


def near(share, percent, within=Decimal("0.5")):
    return abs(Decimal(str(share)) - Decimal(str(percent))) <= within


# --- DOMANDE REI AL 30/11/2018 ----------------------------------------------------------------
def test_the_applications_table_is_the_seed_cell_by_cell(pistoia_2018):
    table = tables("domande", pistoia_2018)["Domande REI per comune e stato"]
    assert table.columns[1:6] == list(STATUSES)
    by_municipality = {row[0]: tuple(row[1:6]) for row in table.rows}
    assert by_municipality == REI_TABLE


def test_the_applications_totals_are_the_sum_of_the_cells_not_the_printed_ones(pistoia_2018):
    table = tables("domande", pistoia_2018)["Domande REI per comune e stato"]
    # Printed: 670 positive, 96 lapsed, 27 suspended, 50 in progress, 892 rejected, 1.707.
    assert table.totals[1:] == [680, 83, 28, 37, 894, 1722]


def test_an_outcome_dated_after_the_seed_date_is_not_counted_then(pistoia_2018):
    later = resolve_scope(zone="sds-pistoiese", as_of=date(2018, 3, 31))
    table = tables("domande", later)["Domande REI per comune e stato"]
    positive, in_progress = table.totals[1], table.totals[4]
    assert 0 < positive < 680 and in_progress > 37  # submitted, not yet decided


# --- Tabella 1: the REI households taken in charge -------------------------------------------
def test_tabella_1_counts_443_households_by_size_as_the_seed(pistoia_2018):
    found = tables("profilo-nuclei", pistoia_2018)
    sizes = found["Nuclei beneficiari per numero di componenti (Tabella 1)"]
    assert sizes.totals[1] == 443
    counts = [row[1] for row in sizes.rows]
    assert counts == [137, 102, 80, 62, 38, 24]
    seed = [31, 23, 18, 14, 8.5, 5.5]  # "1 2 3 4 5 +5"
    assert all(near(row[2].points, p) for row, p in zip(sizes.rows, seed, strict=True))


def test_tabella_1_single_parent_share_and_children_0_3(pistoia_2018):
    extra = tables("profilo-nuclei", pistoia_2018)["Caratteristiche dei nuclei beneficiari"]
    single, babies = extra.rows
    assert near(single[2].points, 9.5, Decimal("0.05"))  # "Totale Mono Genitoriali 9,5 %"
    assert babies[1] == 38  # "Nuclei con minori 0 – 3 anni 38"


# --- Tabelle 2 and 3: access points and social workers -----------------------------------------
def test_tabella_2_one_urp_in_every_municipality_before_and_after_sia_rei(pistoia_2018):
    found = tables("punti-accesso", pistoia_2018)
    by_kind = found["Punti di accesso per tipo al 30/11/2018"]
    urp = by_kind.columns.index("URP")
    seg = by_kind.columns.index("Segretariato sociale")
    rows = {row[0]: row for row in by_kind.rows}
    assert all(row[urp] == 1 for row in rows.values())
    # "1 presidio per il Segretariato Sociale per ogni Comune ad eccezione di Pistoia che ne
    # conta 5"
    assert rows["Pistoia"][seg] == 5
    assert all(row[seg] == 1 for name, row in rows.items() if name != "Pistoia")
    # "I Punti di accesso rimarranno i soliti": the same points a year before.
    counts = found["Punti di accesso e ore di apertura settimanali (Tabella 2)"]
    assert all(row[1] == row[3] for row in counts.rows)


def test_tabella_3_social_workers_36_social_and_20_health(pistoia_2018):
    staff = next(iter(tables("operatori", pistoia_2018).values()))
    people = {(row[0], row[1]): row[2] for row in staff.rows}
    assert people[("Assistente sociale", "Funzioni sociali e socio-assistenziali")] == 36
    assert people[("Assistente sociale", "Funzioni sanitarie e socio-sanitarie")] == 20


# --- OBIETTIVI QUANTITATIVI ---------------------------------------------------------------------
def test_66_percent_of_the_rei_households_had_a_pre_assessment(pistoia_2018):
    share = value("percorso-analisi-preliminare", pistoia_2018)
    assert (share.numerator, share.denominator) == (292, 443)
    assert near(share.value, 66)


def test_39_percent_were_taken_in_charge_by_the_eemm_or_with_a_social_project(pistoia_2018):
    share = value("percorso-eemm-progetto", pistoia_2018)
    assert (share.numerator, share.denominator) == (173, 443)
    assert near(share.value, 39)


def test_three_partner_institutions_in_the_eemm(pistoia_2018):
    assert value("percorso-enti-eemm", pistoia_2018).value == 3


def test_the_eemm_team_counts_from_april_2018(pistoia_2018):
    assert value("lep-eemm", pistoia_2018).value == 1
    before = resolve_scope(zone="sds-pistoiese", as_of=date(2018, 3, 1))
    assert value("lep-eemm", before).value == 0
