"""An application's status has a history: each import that gives it a status records it with
its date, and figures "as of" a date read the status in force on that date, not today's."""

from datetime import date

import pytest

from ambito.measures.importer import commit_import
from ambito.measures.models import Application, ApplicationStatusChange
from ambito.measures.selectors import with_status_on
from tests.measures.test_import import csv_file, plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(person_a, household_a, municipality_a):
    return f"INPS-1;{person_a.fiscal_code};;;{municipality_a.name};10/01/2025;Accolta;20/01/2025;"


def status_on(day: date):
    return with_status_on(Application.objects.all(), day).get().status_then


def test_each_import_that_changes_the_status_adds_a_dated_row(zone_a, adi, importer, line):
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(line)))
    lapsed = line.replace("Accolta;20/01/2025;", "Decaduta;20/03/2025;Mancata sottoscrizione")
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(lapsed)))
    history = list(ApplicationStatusChange.objects.values_list("status", "since", "reason"))
    assert history == [
        ("positive", date(2025, 1, 20), ""),
        ("lapsed", date(2025, 3, 20), "Mancata sottoscrizione"),
    ]


def test_the_same_file_again_adds_no_row(zone_a, adi, importer, line):
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(line)))
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(line)))
    assert ApplicationStatusChange.objects.count() == 1


def test_as_of_a_date_the_status_is_the_one_in_force_then(zone_a, adi, importer, line):
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(line)))
    lapsed = line.replace("Accolta;20/01/2025;", "Decaduta;20/03/2025;Mancata sottoscrizione")
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(lapsed)))
    assert status_on(date(2025, 1, 9)) is None  # not yet submitted
    assert status_on(date(2025, 1, 15)) == "in_progress"  # submitted, no outcome yet
    assert status_on(date(2025, 2, 28)) == "positive"  # today it is lapsed
    assert status_on(date(2025, 3, 20)) == "lapsed"
