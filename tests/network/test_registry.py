"""The third-sector registry is territory.Organisation: RUNTS data, legal representative,
PEC, fields of activity; duplicates by RUNTS number and by tax code refused within the zone,
every error at once, in Italian."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ambito.core.models import EventLog
from ambito.territory import services
from ambito.territory.models import ActivityField, Organisation
from tests.conftest import login

pytestmark = pytest.mark.django_db


def registry_data(**extra):
    return {
        "kind": "third_sector",
        "name": "Associazione Gamma (prova)",
        "legal_form": "Associazione di promozione sociale (APS)",
        "runts_number": "900000099",
        "runts_section": "b",
        "legal_representative": "Rappresentante di prova",
        "pec": "gamma@pec.example.org",
        **extra,
    }


def messages(exc_info) -> str:
    return " ".join(exc_info.value.messages)


@pytest.fixture
def activity_fields(db):
    rows = list(ActivityField.objects.all()[:2])
    if len(rows) < 2:
        rows = [
            ActivityField.objects.create(code="zz1", name="Interventi e servizi sociali"),
            ActivityField.objects.create(code="zz2", name="Protezione civile"),
        ]
    return rows


def test_a_third_sector_body_is_registered_with_its_fields_of_activity(
    planner, zone_a, activity_fields
):
    body = services.organisation_create(
        actor=planner,
        zone=zone_a,
        data=registry_data(fields_of_activity=activity_fields),
    )
    assert body.runts_section == "b"
    assert set(body.fields_of_activity.all()) == set(activity_fields)
    assert EventLog.objects.filter(object_uuid=body.uuid, action="create").exists()


def test_changing_the_fields_of_activity_is_logged_by_field_name(planner, body_a, activity_fields):
    services.organisation_update(
        actor=planner, organisation=body_a, data={"fields_of_activity": activity_fields[:1]}
    )
    event = EventLog.objects.get(object_uuid=body_a.uuid)
    assert event.fields == ["fields_of_activity"]
    assert activity_fields[0].name not in str(event.note)


def test_a_runts_number_already_in_the_zone_is_refused_naming_the_body(planner, zone_a, body_a):
    with pytest.raises(ValidationError) as exc_info:
        services.organisation_create(
            actor=planner, zone=zone_a, data=registry_data(runts_number=body_a.runts_number)
        )
    assert f"Esiste già un ente con questo numero RUNTS: {body_a.name}" in messages(exc_info)
    assert not Organisation.objects.filter(name="Associazione Gamma (prova)").exists()


def test_a_tax_code_already_in_the_zone_is_refused(planner, zone_a, body_a):
    body_a.tax_code = "01234567890"
    body_a.save()
    with pytest.raises(ValidationError) as exc_info:
        services.organisation_create(
            actor=planner, zone=zone_a, data=registry_data(tax_code="01234567890")
        )
    assert "Esiste già un ente con questo codice fiscale: Associazione Alfa" in messages(exc_info)


def test_the_same_runts_number_in_another_zone_is_not_a_duplicate(
    planner_other_zone, zone_b, body_a
):
    body = services.organisation_create(
        actor=planner_other_zone, zone=zone_b, data=registry_data(runts_number=body_a.runts_number)
    )
    assert body.zone == zone_b


def test_a_badly_shaped_runts_number_and_a_missing_legal_form_are_reported_together(
    planner, zone_a
):
    with pytest.raises(ValidationError) as exc_info:
        services.organisation_create(
            actor=planner,
            zone=zone_a,
            data=registry_data(runts_number="AB-12", legal_form="", pec="non-una-pec"),
        )
    errors = exc_info.value.message_dict
    assert "sole cifre" in " ".join(errors["runts_number"])
    assert "forma giuridica" in " ".join(errors["legal_form"])
    assert "pec" in errors
    assert not Organisation.objects.filter(name="Associazione Gamma (prova)").exists()


def test_a_runts_number_of_ten_digits_is_refused(planner, zone_a):
    with pytest.raises(ValidationError) as exc_info:
        services.organisation_create(
            actor=planner, zone=zone_a, data=registry_data(runts_number="1234567890")
        )
    assert "runts_number" in exc_info.value.message_dict


def test_updating_a_body_keeps_its_own_runts_number(planner, body_a):
    services.organisation_update(
        actor=planner, organisation=body_a, data={"runts_number": body_a.runts_number, "phone": "1"}
    )
    body_a.refresh_from_db()
    assert body_a.phone == "1"


# --- the registry's pages ----------------------------------------------------------------


def test_the_plan_office_adds_a_body_from_the_registry_page(client, planner, activity_fields):
    login(client, planner)
    assert client.get(reverse("network:organisation_add")).status_code == 200
    response = client.post(
        reverse("network:organisation_add"),
        {
            "kind": "third_sector",
            "name": "Associazione Delta (prova)",
            "legal_form": "ODV",
            "runts_number": "900000077",
            "runts_section": "a",
            "fields_of_activity": [activity_fields[0].code],
        },
    )
    assert response.status_code == 302
    body = Organisation.objects.get(name="Associazione Delta (prova)")
    assert list(body.fields_of_activity.all()) == [activity_fields[0]]


def test_a_duplicate_runts_number_on_the_page_is_a_422_naming_the_body(client, planner, body_a):
    response = login(client, planner).post(
        reverse("network:organisation_edit", args=[body_a.uuid]),
        {"kind": "third_sector", "name": body_a.name, "legal_form": "ODV", "runts_number": "1"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("network:organisation_add"),
        {"kind": "third_sector", "name": "Nuovo", "legal_form": "ODV", "runts_number": "1"},
    )
    assert response.status_code == 422
    assert f"numero RUNTS: {body_a.name}" in response.content.decode()
    assert not Organisation.objects.filter(name="Nuovo").exists()


def test_an_operator_cannot_add_or_edit_bodies(client, operator_a, body_a):
    login(client, operator_a)
    assert client.get(reverse("network:organisation_add")).status_code == 403
    assert client.get(reverse("network:organisation_edit", args=[body_a.uuid])).status_code == 403
