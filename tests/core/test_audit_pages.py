"""The audit pages as a zone administrator reads them (issue 15): persons by name and codice
fiscale, objects and fields in Italian, the channel of each read, filters, pages with their
total, and the CSV export; only the administrator's zone, and every person shown is a read."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ambito.cases import services as case_services
from ambito.core.audit import log_access, log_event
from ambito.core.choices import AccessAction
from ambito.core.models import AccessLog, EventLog
from ambito.registry import services as registry_services
from tests.factories import HouseholdMemberFactory, PersonFactory

pytestmark = pytest.mark.django_db

AUDIT = reverse("core:audit")


@pytest.fixture
def case_a(social_worker_a, person_a, municipality_a):
    HouseholdMemberFactory(household__municipality=municipality_a, person=person_a)
    return case_services.case_open(actor=social_worker_a, person=person_a)


def page(client, **query):
    response = client.get(AUDIT, query)
    assert response.status_code == 200
    return response.content.decode()


def test_reads_show_the_person_by_name_and_fiscal_code_and_that_is_itself_a_read(
    client, zone_admin, social_worker_a, person_a
):
    client.force_login(social_worker_a)
    client.get(reverse("registry:person_detail", args=[person_a.uuid]))
    client.force_login(zone_admin)
    body = page(client)
    assert "Rossi Mario" in body
    assert person_a.fiscal_code in body
    assert "Persona Rossi Mario" in body  # the object, in Italian
    assert "registry.person" not in body
    assert "Pagina web" in body
    read = AccessLog.objects.filter(user=zone_admin, person=person_a, object_type="core.audit")
    assert read.get().detail == {"page": "audit"}


def test_writes_name_the_object_and_the_fields_by_their_italian_labels(
    client, zone_admin, social_worker_a, person_a, case_a
):
    registry_services.person_update(
        actor=social_worker_a, person=person_a, data={"first_name": "Marco", "phone": "055123"}
    )
    client.force_login(zone_admin)
    body = page(client, registro="modifiche")
    assert f"Cartella {case_a.number}" in body
    assert "cases.case" not in body
    assert "nome, telefono" in body or "telefono, nome" in body
    assert "first_name" not in body
    # Field names only are stored, never values.
    stored = EventLog.objects.filter(person=person_a, action="update").get()
    assert stored.fields == ["first_name", "phone"]
    assert "055123" not in body


def test_the_channel_says_where_a_read_came_from(client, zone_admin, social_worker_a, person_a):
    log_access(user=social_worker_a, obj=person_a, channel="api")
    log_access(user=social_worker_a, obj=person_a, action=AccessAction.EXPORT)
    client.force_login(zone_admin)
    body = page(client)
    assert "API" in body
    assert "Esportazione" in body


def test_filters_by_user_person_action_and_dates(
    client, zone_admin, social_worker_a, social_worker_b, person_a, person_b
):
    log_access(user=social_worker_a, obj=person_a)
    log_access(user=social_worker_b, obj=person_b, action=AccessAction.SEARCH)
    old = log_access(user=social_worker_b, obj=person_a)
    AccessLog.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=40))
    client.force_login(zone_admin)

    by_person = page(client, person=person_b.fiscal_code)
    assert "Bianchi Giulia" in by_person and "Rossi Mario" not in by_person
    by_surname = page(client, person="ross")
    assert "Rossi Mario" in by_surname and "Bianchi Giulia" not in by_surname
    by_user = page(client, actor=social_worker_a.pk)
    assert "Rossi Mario" in by_user and "Bianchi Giulia" not in by_user
    by_action = page(client, action="search")
    assert "Bianchi Giulia" in by_action and "Rossi Mario" not in by_action
    today = timezone.localdate().isoformat()
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert "2 registrazioni<" in page(client, actor=social_worker_b.pk)
    assert "1 registrazione<" in page(client, actor=social_worker_b.pk, day_from=week_ago)
    assert "1 registrazione<" in page(
        client, actor=social_worker_b.pk, day_to=(timezone.localdate() - timedelta(days=30))
    )
    assert "1 registrazione<" in page(client, person="ross", day_to=today, actor=social_worker_a.pk)
    assert "viene prima" in page(client, day_from=today, day_to="2020-01-01")


def test_pages_of_fifty_with_the_total(client, zone_admin, social_worker_a, person_a):
    for _ in range(55):
        log_access(user=social_worker_a, obj=person_a)
    client.force_login(zone_admin)
    first = page(client, actor=social_worker_a.pk)
    assert "55 registrazioni, dalla 1 alla 50" in first
    assert "Pagina 1 di 2" in first
    second = page(client, actor=social_worker_a.pk, pagina=2)
    assert "dalla 51 alla 55" in second


def test_the_csv_export_holds_every_filtered_row_and_is_formula_safe(
    client, zone_admin, social_worker_a, municipality_a
):
    sneaky = PersonFactory(
        residence_municipality=municipality_a, last_name="=HYPERLINK(1)", first_name="Ada"
    )
    for _ in range(60):
        log_access(user=social_worker_a, obj=sneaky)
    client.force_login(zone_admin)
    response = client.get(AUDIT, {"formato": "csv", "actor": social_worker_a.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:6] == ["Data e ora", "Utente", "Azione", "Oggetto", "Persona", "Codice fiscale"]
    assert len(rows) == 61  # not cut at a page
    assert rows[1][4] == "'=HYPERLINK(1) Ada"
    assert rows[1][5] == sneaky.fiscal_code
    assert AccessLog.objects.filter(
        user=zone_admin, person=sneaky, action=AccessAction.EXPORT
    ).exists()


def test_the_writes_export(client, zone_admin, social_worker_a, person_a, case_a):
    client.force_login(zone_admin)
    response = client.get(AUDIT, {"formato": "csv", "registro": "modifiche"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == ["Campi modificati", "Nota"]
    assert any(row[3] == f"Cartella {case_a.number}" for row in rows[1:])


def test_only_the_administrators_zone(
    client, zone_admin, social_worker_other_zone, person_other_zone
):
    log_access(user=social_worker_other_zone, obj=person_other_zone)
    client.force_login(zone_admin)
    body = page(client)
    assert person_other_zone.fiscal_code not in body
    assert "0 registrazioni" in body
    assert social_worker_other_zone.username not in page(client, registro="modifiche")


def test_the_person_history_names_objects_and_fields(
    client, zone_admin, social_worker_a, person_a, case_a
):
    client.force_login(zone_admin)
    body = client.get(reverse("core:person_access", args=[person_a.uuid])).content.decode()
    assert f"Cartella {case_a.number}" in body
    assert "tutti i campi" in body  # the person's creation


def test_the_audit_is_closed_to_other_roles(client, planner):
    client.force_login(planner)
    assert client.get(AUDIT).status_code == 403
    assert client.get(AUDIT, {"formato": "csv"}).status_code == 403


def test_fields_logged_on_a_case_from_its_card_or_project_read_in_italian(
    client, zone_admin, social_worker_a, case_a
):
    log_event(
        user=social_worker_a,
        obj=case_a,
        fields=["case_manager", "employment_status", "project.signed_on", "not_a_field"],
    )
    client.force_login(zone_admin)
    body = page(client, registro="modifiche", action="update")
    assert "case manager, situazione lavorativa" in body
    assert "progetto personalizzato: firmato il" in body
    assert "not_a_field" in body  # a name with no field is shown as it is
    assert "employment_status" not in body
