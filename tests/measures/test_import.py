"""Import of INPS lists: dry run with per-row errors, all or nothing, idempotent, cases opened
and assigned for positive outcomes, follow-up for the others."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from ambito.cases.models import AssignmentRule, Case
from ambito.cases.workflow import CaseStatus
from ambito.core import fiscal_code
from ambito.core.permissions import NotAllowed
from ambito.measures.importer import commit_import, plan_import
from ambito.measures.models import Application, ImportBatch
from ambito.registry.models import Person

pytestmark = pytest.mark.django_db

HEADER = "Protocollo;Codice fiscale;Cognome;Nome;Comune;Data domanda;Stato;Data esito;Motivo"


def code(last, first, born, sex="F"):
    return fiscal_code.encode(
        last_name=last, first_name=first, sex=sex, birth_date=born, birth_place_code="G713"
    )


def csv_file(*lines) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


@pytest.fixture
def good(person_a, household_a, municipality_a, municipality_b):
    new = code("Verdi", "Anna", date(1985, 6, 1))
    return csv_file(
        f"INPS-1;{person_a.fiscal_code};{person_a.last_name};{person_a.first_name};"
        f"{municipality_a.name};10/01/2025;Accolta;20/01/2025;",
        f"INPS-2;{new};Verdi;Anna;{municipality_b.istat_code};11/01/2025;Respinta;21/01/2025;"
        "ISEE oltre la soglia",
        f"INPS-3;{new};Verdi;Anna;{municipality_b.name.upper()};12/01/2025;in lavorazione;;",
    )


def plan(zone, measure, content, name="elenco.csv", **kw):
    return plan_import(zone=zone, measure=measure, file_name=name, content=content, **kw)


def test_the_dry_run_says_what_would_change_and_writes_nothing(zone_a, adi, good):
    result = plan(zone_a, adi, good)
    assert result.ok and result.counts == {"new": 3}
    assert not Application.objects.exists() and not Person.objects.filter(last_name="Verdi")


def test_commit_creates_applications_persons_and_a_case_for_the_positive_one(
    zone_a, adi, good, importer, household_a, person_a
):
    outcome = commit_import(actor=importer, plan=plan(zone_a, adi, good))
    assert (outcome.created, outcome.persons_created, outcome.cases_opened) == (3, 1, 1)
    positive = Application.objects.get(protocol="INPS-1")
    assert positive.household == household_a and positive.status == "positive"
    case = positive.case
    assert case.line == "income_support" and case.source == "application"
    assert case.status == CaseStatus.ENTRY and case.person == person_a
    # The monitoring's milestones of the case know the positive outcome.
    assert case.milestones.first_positive_on == date(2025, 1, 20)
    rejected = Application.objects.get(protocol="INPS-2")
    assert rejected.case is None and rejected.status_reason == "ISEE oltre la soglia"
    assert Person.objects.get(last_name="Verdi").birth_date == date(1985, 6, 1)
    assert ImportBatch.objects.get().created == 3


def test_reimporting_the_same_file_changes_nothing(zone_a, adi, good, importer):
    commit_import(actor=importer, plan=plan(zone_a, adi, good))
    before = (Application.objects.count(), Case.objects.count(), ImportBatch.objects.count())
    again = plan(zone_a, adi, good)
    assert again.counts == {"unchanged": 3}
    outcome = commit_import(actor=importer, plan=again)
    assert (outcome.created, outcome.updated) == (0, 0)
    assert (
        Application.objects.count(),
        Case.objects.count(),
        ImportBatch.objects.count(),
    ) == before


def test_a_change_of_status_updates_and_goes_to_follow_up(
    zone_a, adi, importer, person_a, household_a, municipality_a
):
    line = f"INPS-1;{person_a.fiscal_code};;;{municipality_a.name};10/01/2025;Accolta;20/01/2025;"
    commit_import(actor=importer, plan=plan(zone_a, adi, csv_file(line)))
    lapsed = line.replace("Accolta;20/01/2025;", "Decaduta;20/03/2025;Mancata sottoscrizione")
    result = plan(zone_a, adi, csv_file(lapsed))
    assert result.counts == {"update": 1}
    commit_import(actor=importer, plan=result)
    app = Application.objects.get()
    assert app.status == "lapsed" and app.follow_up_done_at is None
    assert app.status_reason == "Mancata sottoscrizione"


def test_rows_with_errors_are_listed_by_line_and_nothing_is_imported(
    zone_a, adi, importer, person_a, municipality_a, municipality_other_zone
):
    bad = csv_file(
        f"INPS-1;{person_a.fiscal_code};;;{municipality_a.name};10/01/2025;Accolta;;",
        f"INPS-2;RSSMRA80A01G713X;;;{municipality_a.name};10/01/2025;Accolta;;",
        f"INPS-3;{person_a.fiscal_code};;;{municipality_other_zone.name};10/01/2025;Accolta;;",
        f"INPS-4;{person_a.fiscal_code};;;{municipality_a.name};10/01/2025;Boh;;",
        f"INPS-4;{person_a.fiscal_code};;;{municipality_a.name};10/01/2025;Accolta;;",
        f"INPS-6;{code('Blu', 'Ada', date(1990, 1, 1))};;;{municipality_a.name};;Accolta;;",
        f"INPS-7;{person_a.fiscal_code};;;{municipality_a.name};10/01/2025;Accolta;31/02/2025;",
    )
    result = plan(zone_a, adi, bad)
    errors = {row.line: " ".join(row.errors) for row in result.errors}
    assert set(errors) == {3, 4, 5, 6, 7, 8}
    assert "carattere di controllo" in errors[3]
    assert "Comune sconosciuto" in errors[4]
    assert "Stato sconosciuto" in errors[5] and "ripetuto" in errors[5] and "ripetuto" in errors[6]
    assert "servono cognome e nome" in errors[7]
    assert "Data dell'esito non valida" in errors[8]
    with pytest.raises(ValidationError, match="Non è stato importato nulla"):
        commit_import(actor=importer, plan=result)
    assert not Application.objects.exists()


def test_an_auto_assignment_rule_assigns_the_new_cases(
    zone_a, adi, good, importer, social_worker_a, municipality_a
):
    AssignmentRule.objects.create(
        zone=zone_a, municipality=municipality_a, line="income_support", manager=social_worker_a
    )
    commit_import(actor=importer, plan=plan(zone_a, adi, good))
    case = Application.objects.get(protocol="INPS-1").case
    assert case.status == CaseStatus.ASSIGNED and case.case_manager == social_worker_a
    assert list(case.transitions.values_list("name", flat=True)) == ["open", "assign"]


def test_an_open_case_of_the_household_is_linked_not_duplicated(
    zone_a, adi, good, importer, social_worker_a, person_a
):
    from ambito.cases import services

    existing = services.case_open(actor=social_worker_a, person=person_a, line="income_support")
    outcome = commit_import(actor=importer, plan=plan(zone_a, adi, good))
    assert (outcome.cases_opened, outcome.cases_linked) == (0, 1)
    assert Application.objects.get(protocol="INPS-1").case == existing


def test_xlsx_with_other_headers_and_a_mapping(zone_a, adi, importer, person_a, municipality_a):
    book = Workbook()
    sheet = book.active
    sheet.append(["N. pratica", "CF", "Istat", "Esito pratica", "Quando"])
    sheet.append(
        ["P-9", person_a.fiscal_code, int(municipality_a.istat_code), "POSITIVA", date(2025, 2, 3)]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError, match="Mancano colonne obbligatorie"):
        plan(zone_a, adi, buffer.getvalue(), name="inps.xlsx")
    result = plan(
        zone_a,
        adi,
        buffer.getvalue(),
        name="inps.xlsx",
        column_names={"protocol": "N. pratica", "status": "Esito pratica", "status_on": "Quando"},
    )
    assert result.ok, [r.errors for r in result.results]
    commit_import(actor=importer, plan=result)
    app = Application.objects.get()
    assert app.status_on == date(2025, 2, 3) and app.municipality == municipality_a


def test_a_file_of_another_format_is_refused_in_italian(zone_a, adi):
    with pytest.raises(ValidationError, match="carica un file .csv o .xlsx"):
        plan(zone_a, adi, b"%PDF-1.4", name="elenco.pdf")


def test_only_who_may_import_commits(zone_a, adi, good, social_worker_a):
    with pytest.raises(NotAllowed, match="permesso"):
        commit_import(actor=social_worker_a, plan=plan(zone_a, adi, good))


def test_the_command_checks_imports_and_reports(tmp_path, zone_a, good, importer, capsys):
    path = tmp_path / "elenco.csv"
    path.write_bytes(good)
    call_command("import_applications", str(path), zone=zone_a.code, measure="adi", dry_run=True)
    out = capsys.readouterr()
    assert "nuove 3" in out.out and "100%" in out.err
    assert not Application.objects.exists()
    call_command("import_applications", str(path), zone=zone_a.code, measure="adi", user="coord")
    assert "cartelle aperte 1" in capsys.readouterr().out
    assert Application.objects.count() == 3
    path.write_bytes(good.replace(b"Accolta", b"Forse"))
    with pytest.raises(CommandError, match="non è stato importato nulla"):
        call_command("import_applications", str(path), zone=zone_a.code, measure="adi")
