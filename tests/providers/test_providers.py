"""The provider register: the plan office records providers of the zone's organisations with
charter services and structures (one per organisation and mode); an operator sees their own
provider only; the pages and the API say the same."""

import pytest
from django.core.exceptions import ValidationError

from ambito.catalog.models import Service
from ambito.core.permissions import NotAllowed
from ambito.providers.models import Provider, ProviderStructure
from ambito.providers.services import providers as services
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/erogatori/enti"


@pytest.fixture
def new_org(zone_a, municipality_a):
    return OrganisationFactory(
        zone=zone_a, kind="provider", name="Cooperativa Cielo", municipality=municipality_a
    )


def test_the_plan_office_records_a_provider_with_services_and_a_structure(
    planner, new_org, home_care, municipality_a
):
    provider = services.provider_create(
        actor=planner,
        organisation=new_org,
        mode="tender",
        services=[home_care],
        contract_reference="Gara 3/2026",
        contact_email="titoli@cielo.it",
        notes="",
    )
    assert list(provider.services.all()) == [home_care]
    structure = services.structure_add(
        actor=planner,
        provider=provider,
        name="Centro diurno Il Sole",
        kind="centro diurno",
        address="Via Roma 1",
        municipality=municipality_a,
        capacity=25,
        authorisation="Aut. 12/2020",
    )
    assert structure.capacity == 25
    services.provider_update(actor=planner, provider=provider, active=False)
    provider.refresh_from_db()
    assert provider.active is False


def test_one_provider_per_organisation_and_mode_with_an_italian_message(planner, provider_1):
    with pytest.raises(ValidationError) as refused:
        services.provider_create(
            actor=planner, organisation=provider_1.organisation, mode="accredited"
        )
    assert refused.value.message_dict["mode"] == [
        "Cooperativa Aurora è già nel registro degli erogatori con la modalità «Accreditamento»."
    ]
    assert Provider.objects.filter(organisation=provider_1.organisation).count() == 1
    other_mode = services.provider_create(
        actor=planner, organisation=provider_1.organisation, mode="agreement"
    )
    assert other_mode.pk


def test_another_zones_organisation_and_services_are_refused(planner, zone_b):
    organisation = OrganisationFactory(zone=zone_b, kind="provider")
    service_b = Service.objects.create(
        zone=zone_b, slug="x", name="X", short_description="x", status="published"
    )
    with pytest.raises(ValidationError) as refused:
        services.provider_create(
            actor=planner,
            organisation=organisation,
            mode="tender",
            services=[service_b],
            contact_email="non-una-mail",
        )
    errors = refused.value.message_dict
    assert errors["organisation"] == ["L'ente non è di questo ambito."]
    assert errors["services"] == ["Uno o più servizi scelti non sono della carta di questo ambito."]
    assert errors["contact_email"] == ["Indica un indirizzo email valido."]
    assert not Provider.objects.exists()


def test_an_operator_does_not_manage_the_register(operator_1, provider_1):
    with pytest.raises(NotAllowed):
        services.structure_add(actor=operator_1, provider=provider_1, name="Casa")
    assert not ProviderStructure.objects.exists()


def test_the_list_filters_and_the_provider_page(
    client, planner, provider_1, provider_2, accreditation_1, home_care
):
    login(client, planner)
    page = client.get("/erogatori/enti/")
    assert page.status_code == 200
    assert (
        "Cooperativa Aurora" in page.content.decode()
        and "Cooperativa Borgo" in page.content.decode()
    )
    filtered = client.get("/erogatori/enti/", {"servizio": home_care.uuid}).content.decode()
    assert "Cooperativa Aurora" in filtered and "Cooperativa Borgo" not in filtered
    detail = client.get(f"/erogatori/enti/{provider_1.uuid}/").content.decode()
    assert "Assistenza domiciliare (voucher)" in detail
    assert "Accreditamento assistenza domiciliare" in detail
    assert "01/01/2026 – 31/12/2028" in detail


def test_the_pages_add_edit_and_structure(client, planner, new_org, home_care):
    login(client, planner)
    bad = client.post("/erogatori/enti/nuovo/", {"organisation": new_org.uuid, "mode": ""})
    assert bad.status_code == 422
    assert not Provider.objects.exists()
    created = client.post(
        "/erogatori/enti/nuovo/",
        {"organisation": new_org.uuid, "mode": "consip", "services": [home_care.uuid]},
    )
    provider = Provider.objects.get()
    assert created.status_code == 302
    edited = client.post(
        f"/erogatori/enti/{provider.uuid}/modifica/",
        {"mode": "consip", "contract_reference": "CONSIP 7", "active": "on"},
    )
    assert edited.status_code == 302
    provider.refresh_from_db()
    assert provider.contract_reference == "CONSIP 7"
    assert not provider.services.exists()
    structure = client.post(
        f"/erogatori/enti/{provider.uuid}/strutture/nuova/", {"name": "RSA Villa", "capacity": 40}
    )
    assert structure.status_code == 302
    assert provider.structures.get().capacity == 40


def test_an_operator_sees_only_their_own_provider(client, operator_1, provider_1, provider_2):
    login(client, operator_1)
    listed = client.get("/erogatori/enti/").content.decode()
    assert "Cooperativa Aurora" in listed and "Cooperativa Borgo" not in listed
    assert client.get(f"/erogatori/enti/{provider_1.uuid}/").status_code == 200
    assert client.get(f"/erogatori/enti/{provider_2.uuid}/").status_code == 404
    assert client.get("/erogatori/enti/nuovo/").status_code == 403
    assert client.get(f"{API}/{provider_2.uuid}").status_code == 404
    assert client.get(API).json()["count"] == 1


def test_another_zone_does_not_see_the_provider(client, provider_1, zone_b):
    other = UserFactory(username="piano_b", zone=zone_b, roles=["planner"])
    login(client, other)
    assert client.get(f"/erogatori/enti/{provider_1.uuid}/").status_code == 404
    assert client.get(f"{API}/{provider_1.uuid}").status_code == 404


def test_the_api_lists_reads_and_creates(client, planner, provider_1, accreditation_1, new_org):
    login(client, planner)
    listed = client.get(API, {"mode": "accredited"}).json()
    assert [row["organisation"]["name"] for row in listed["items"]] == ["Cooperativa Aurora"]
    assert client.get(API, {"mode": "x"}).status_code == 422
    detail = client.get(f"{API}/{provider_1.uuid}").json()
    assert detail["accreditations"][0]["state"] == "accredited"
    assert detail["accreditations"][0]["valid_until"] == "2028-12-31"
    duplicate = client.post(
        API,
        {"organisation": str(provider_1.organisation.uuid), "mode": "accredited"},
        content_type="application/json",
    )
    assert duplicate.status_code == 422
    assert "già nel registro" in duplicate.json()["errors"]["mode"][0]
    created = client.post(
        API,
        {"organisation": str(new_org.uuid), "mode": "in_house"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["mode"] == "in_house"
