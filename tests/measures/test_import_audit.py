"""An INPS import leaves the same trail as the desk (issue 14): persons registered and cases
opened by the registry's and the cases' own services, with their EventLog and CaseTransition
rows; a re-import writes nothing more, a failing import nothing at all."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import timezone

from ambito.cases import services as case_services
from ambito.cases.bulk import CaseOpening
from ambito.cases.models import AssignmentRule, Case, CaseMember, CaseTransition
from ambito.cases.services import cases_open_bulk
from ambito.cases.workflow import CaseStatus, transition_allowed
from ambito.core import fiscal_code
from ambito.core.audit import log_event, log_events_bulk
from ambito.core.models import EventLog
from ambito.core.permissions import NotAllowed
from ambito.measures.importer import commit_import, plan_import
from ambito.measures.models import Application, ImportBatch
from ambito.registry.bulk import NewPerson
from ambito.registry.models import Person
from ambito.registry.services import persons_register_bulk
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Protocollo;Codice fiscale;Cognome;Nome;Comune;Data domanda;Stato;Data esito;Motivo"


def code(last, first, born, sex="F"):
    return fiscal_code.encode(
        last_name=last, first_name=first, sex=sex, birth_date=born, birth_place_code="G713"
    )


NEW_CODE = code("Verdi", "Anna", date(1985, 6, 1))


def csv_file(*lines) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


@pytest.fixture
def rule(zone_a, municipality_a, municipality_b, social_worker_a):
    """New income-support cases of both municipalities go to social worker A."""
    for municipality in (municipality_a, municipality_b):
        AssignmentRule.objects.create(
            zone=zone_a, municipality=municipality, line="income_support", manager=social_worker_a
        )


@pytest.fixture
def good(person_a, household_a, municipality_a, municipality_b):
    """A known applicant accepted, a new one accepted (registered by the import), a new one
    rejected."""
    return csv_file(
        f"INPS-1;{person_a.fiscal_code};{person_a.last_name};{person_a.first_name};"
        f"{municipality_a.name};10/01/2025;Accolta;20/01/2025;",
        f"INPS-2;{NEW_CODE};Verdi;Anna;{municipality_b.istat_code};11/01/2025;Accolta;21/01/2025;",
        f"INPS-3;{code('Neri', 'Ada', date(1990, 2, 3))};Neri;Ada;{municipality_b.name};"
        "12/01/2025;Respinta;22/01/2025;ISEE oltre la soglia",
    )


def run_import(zone, measure, content, actor):
    plan = plan_import(zone=zone, measure=measure, file_name="elenco.csv", content=content)
    return commit_import(actor=actor, plan=plan)


def trail(case):
    """The shape of a case's audit trail: its EventLog rows and its transitions."""
    events = [
        (e.action, e.fields, e.object_type, e.person_id == case.person_id, e.zone_id)
        for e in EventLog.objects.filter(object_uuid=case.uuid).order_by("pk")
    ]
    transitions = [
        (t.name, t.from_status, t.to_status, t.actor_id is not None, t.at is not None)
        for t in case.transitions.order_by("at", "pk")
    ]
    return events, transitions


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Person,
            Case,
            CaseTransition,
            CaseMember,
            Application,
            ImportBatch,
            EventLog,
        )
    }


# --- the import's trail --------------------------------------------------------------------


def test_an_imported_new_person_has_its_create_row_on_the_import_channel(
    zone_a, adi, good, importer
):
    outcome = run_import(zone_a, adi, good, importer)
    assert outcome.persons_created == 2
    anna = Person.objects.get(fiscal_code=NEW_CODE)
    rows = EventLog.objects.filter(object_uuid=anna.uuid)
    assert [
        (r.action, r.object_type, r.channel, r.fields, r.person_id, r.user_id, r.zone_id)
        for r in rows
    ] == [("create", "registry.person", "import", ["*"], anna.pk, importer.pk, zone_a.pk)]
    assert (anna.birth_date, anna.sex, anna.birth_place_code) == (date(1985, 6, 1), "F", "G713")


def test_an_imported_case_has_the_same_trail_as_one_opened_and_assigned_on_the_page(
    zone_a, adi, good, importer, rule, social_worker_a, social_worker_b, person_b
):
    run_import(zone_a, adi, good, importer)
    imported = Application.objects.get(protocol="INPS-1").case
    assert imported.status == CaseStatus.ASSIGNED and imported.case_manager == social_worker_a
    on_page = case_services.case_open(actor=social_worker_b, person=person_b)
    on_page = case_services.case_assign(actor=importer, case=on_page, manager=social_worker_b)
    assert trail(imported) == trail(on_page)
    events, transitions = trail(imported)
    assert [(e[0], e[1]) for e in events] == [
        ("create", ["*"]),
        ("update", ["case_manager", "status"]),
    ]
    assert [t[:3] for t in transitions] == [
        ("open", "", "entry"),
        ("assign", "entry", "assigned"),
    ]
    # Who and why, on every record; the import's channel on its audit rows.
    assert set(imported.transitions.values_list("actor", flat=True)) == {importer.pk}
    assert all(t.reason for t in imported.transitions.all())
    assert set(
        EventLog.objects.filter(object_uuid=imported.uuid).values_list("channel", flat=True)
    ) == {"import"}
    # The case manager's team row, and the case milestones with the positive outcome.
    assert list(imported.members.filter(removed_at__isnull=True).values_list("user", "role")) == [
        (social_worker_a.pk, "case_manager")
    ]
    assert imported.milestones.first_positive_on == date(2025, 1, 20)


def test_an_unassigned_imported_case_has_the_trail_of_a_case_opened_on_the_page(
    zone_a, adi, good, importer, social_worker_b, person_b
):
    run_import(zone_a, adi, good, importer)
    imported = Application.objects.get(protocol="INPS-1").case
    assert imported.status == CaseStatus.ENTRY and imported.case_manager is None
    on_page = case_services.case_open(actor=social_worker_b, person=person_b)
    assert trail(imported) == trail(on_page)
    assert not imported.members.exists()  # the importer does not join the team


def test_imported_cases_move_only_along_the_workflow_edges(zone_a, adi, good, importer, rule):
    run_import(zone_a, adi, good, importer)
    cases = Case.objects.filter(applications__isnull=False).distinct()
    assert cases.count() == 2
    for case in cases:
        history = list(case.transitions.order_by("at", "pk"))
        assert (history[0].name, history[0].from_status, history[0].to_status) == (
            "open",
            "",
            CaseStatus.ENTRY,
        )
        for before, after in zip(history, history[1:], strict=False):
            assert after.from_status == before.to_status
            edge = transition_allowed(after.from_status, after.to_status)
            assert edge is not None and edge.name == after.name
        assert history[-1].to_status == case.status


def test_application_rows_are_logged_through_the_audit_writer(zone_a, adi, good, importer):
    outcome = run_import(zone_a, adi, good, importer)
    apps = Application.objects.order_by("protocol")
    rows = EventLog.objects.filter(object_type="measures.application")
    assert rows.count() == 3
    for app in apps:
        row = rows.get(object_uuid=app.uuid)
        assert (row.action, row.person_id, row.channel, row.fields) == (
            "create",
            app.applicant_id,
            "import",
            ["status", "status_on", "status_reason"],
        )
        assert row.note == f"importazione {outcome.batch.uuid}"


def test_reimporting_the_same_file_writes_nothing_more(zone_a, adi, good, importer, rule):
    run_import(zone_a, adi, good, importer)
    before = counts()
    outcome = run_import(zone_a, adi, good, importer)
    assert (outcome.created, outcome.updated, outcome.persons_created) == (0, 0, 0)
    after = counts()
    # One row says that the file was imported again with no changes (on the zone, no person).
    assert after.pop("EventLog") == before.pop("EventLog") + 1
    assert after == before
    last = EventLog.objects.order_by("-pk").first()
    assert last.object_type == "territory.zone" and last.person_id is None
    assert "senza modifiche" in last.note


def test_a_file_with_a_bad_row_writes_nothing_at_all(
    zone_a, adi, good, importer, rule, municipality_a
):
    before = counts()
    bad = good + f"INPS-9;RSSMRA80A01G713X;;;{municipality_a.name};;Accolta;;\n".encode()
    with pytest.raises(ValidationError, match="Non è stato importato nulla"):
        run_import(zone_a, adi, bad, importer)
    assert counts() == before


def test_an_importer_who_may_not_register_persons_is_refused_with_nothing_written(
    zone_a, adi, good, municipality_a, municipality_b
):
    """The registry's service asks for registry.add_person itself: an import permission alone
    does not register persons. The refusal comes after the persons' step began, and the
    whole import is undone."""
    clerk = UserFactory(zone=zone_a, municipalities=[municipality_a, municipality_b])
    clerk.user_permissions.add(
        Permission.objects.get(content_type__app_label="measures", codename="import_applications")
    )
    before = counts()
    with pytest.raises(NotAllowed, match="permesso di registrarle"):
        run_import(zone_a, adi, good, clerk)
    assert counts() == before


def test_a_refusal_to_open_the_cases_undoes_the_persons_already_registered(
    zone_a, adi, good, municipality_a, municipality_b
):
    clerk = UserFactory(zone=zone_a, municipalities=[municipality_a, municipality_b])
    for app_label, codename in (("measures", "import_applications"), ("registry", "add_person")):
        clerk.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    before = counts()
    with pytest.raises(NotAllowed, match="aprire cartelle|aprirle"):
        run_import(zone_a, adi, good, clerk)
    assert counts() == before


# --- the bulk services on their own --------------------------------------------------------


def test_bulk_registration_refuses_a_code_already_in_the_zone(importer, zone_a, person_a):
    with pytest.raises(ValidationError, match="già in anagrafe"):
        persons_register_bulk(
            actor=importer,
            zone=zone_a,
            persons=[
                NewPerson(
                    fiscal_code=person_a.fiscal_code,
                    last_name="Rossi",
                    first_name="Mario",
                    residence_municipality=person_a.residence_municipality,
                )
            ],
            channel="import",
        )


def test_bulk_registration_refuses_an_invalid_code_and_writes_nothing(
    importer, zone_a, municipality_a
):
    good_one = NewPerson(
        fiscal_code=NEW_CODE,
        last_name="Verdi",
        first_name="Anna",
        residence_municipality=municipality_a,
    )
    bad_one = NewPerson(
        fiscal_code="RSSMRA80A01G713X",
        last_name="Rossi",
        first_name="Mario",
        residence_municipality=municipality_a,
    )
    with pytest.raises(ValidationError, match="carattere di controllo"):
        persons_register_bulk(actor=importer, zone=zone_a, persons=[good_one, bad_one])
    assert not Person.objects.filter(fiscal_code=NEW_CODE).exists()
    made = persons_register_bulk(actor=importer, zone=zone_a, persons=[good_one], channel="cli")
    assert EventLog.objects.get(object_uuid=made[NEW_CODE].uuid).channel == "cli"


def test_bulk_registration_needs_the_permission_to_register_persons(planner, zone_a):
    with pytest.raises(NotAllowed):
        persons_register_bulk(actor=planner, zone=zone_a, persons=[])


def test_bulk_opening_refuses_a_second_open_case_of_the_household(
    importer, zone_a, social_worker_a, person_a, household_a
):
    case_services.case_open(actor=social_worker_a, person=person_a, line="income_support")
    before = counts()
    with pytest.raises(ValidationError, match="già una cartella aperta"):
        cases_open_bulk(
            actor=importer,
            zone=zone_a,
            openings=[
                CaseOpening(
                    person_id=person_a.pk,
                    household_id=household_a.pk,
                    municipality_id=household_a.municipality_id,
                    line="income_support",
                    source="application",
                )
            ],
            at=timezone.now(),
        )
    assert counts() == before


def test_bulk_opening_numbers_the_cases_after_those_opened_on_the_page(
    importer, zone_a, social_worker_a, person_a, person_b
):
    first = case_services.case_open(actor=social_worker_a, person=person_a)
    [second] = cases_open_bulk(
        actor=importer,
        zone=zone_a,
        openings=[
            CaseOpening(
                person_id=person_b.pk,
                municipality_id=person_b.residence_municipality_id,
                source="application",
            )
        ],
        at=timezone.now(),
    )
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"{year}/00001", f"{year}/00002")
    assert second.milestones.opened_on == timezone.localdate()


def test_log_events_bulk_writes_the_rows_log_event_writes(importer, person_a, person_b):
    log_event(user=importer, obj=person_a, action="update", fields=["phone", "email"])
    log_events_bulk(user=importer, objs=[person_b], action="update", fields=["phone", "email"])
    one, bulk = EventLog.objects.order_by("pk")

    def shape(row):
        return (
            row.user_id,
            row.zone_id,
            row.action,
            row.object_type,
            row.channel,
            row.fields,
            row.note,
        )

    assert shape(one) == shape(bulk)
    assert (one.person_id, bulk.person_id) == (person_a.pk, person_b.pk)
