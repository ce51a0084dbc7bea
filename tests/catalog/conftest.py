"""A small charter for zone A: two published services, a draft, a withdrawn one, and a
published service of zone B."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from ambito.catalog.models import NeedArea, Service
from ambito.territory.models import OpeningHours
from tests.factories import AccessPointFactory, OrganisationFactory


def make_service(zone, *, name, status="published", **fields):
    from django.utils.text import slugify

    need_areas = fields.pop("need_areas", [])
    access_points = fields.pop("access_points", [])
    municipalities = fields.pop("municipalities", [])
    fields.setdefault("short_description", f"Descrizione breve di {name}")
    service = Service.objects.create(
        zone=zone,
        name=name,
        slug=fields.pop("slug", slugify(name)),
        status=status,
        published_at=timezone.now() if status == "published" else None,
        **fields,
    )
    service.need_areas.set(need_areas)
    service.access_points.set(access_points)
    service.municipalities.set(municipalities)
    return service


@pytest.fixture
def area(db):
    return lambda code: NeedArea.objects.get(code=code)


@pytest.fixture
def provider_a(zone_a, municipality_a):
    return OrganisationFactory(
        zone=zone_a,
        kind="third_sector",
        name="Cooperativa Il Ponte",
        municipality=municipality_a,
        phone="0573 111222",
        email="info@ilponte.example.org",
    )


@pytest.fixture
def access_point_a(zone_a, municipality_a, organisation_a):
    ap = AccessPointFactory(
        zone=zone_a,
        municipality=municipality_a,
        organisation=organisation_a,
        kind="segretariato",
        name="Segretariato sociale di Pistoia",
        address="Piazza del Duomo 1",
        phone="0573 371111",
    )
    OpeningHours.objects.create(
        access_point=ap, weekday=0, opens=datetime.time(9), closes=datetime.time(12, 30)
    )
    OpeningHours.objects.create(
        access_point=ap, weekday=2, opens=datetime.time(15), closes=datetime.time(17)
    )
    return ap


@pytest.fixture
def charter(zone_a, zone_b, provider_a, access_point_a, area):
    home_care = make_service(
        zone_a,
        name="Assistenza domiciliare",
        short_description="Aiuto a casa per la cura della persona.",
        description="Operatori socio-sanitari aiutano gli anziani nella vita quotidiana.",
        target_groups="Anziani e persone con disabilità",
        min_age=65,
        isee_max=Decimal("12000.00"),
        cost="Compartecipazione in base all'ISEE",
        documents="Documento di identità\nAttestazione ISEE",
        provider=provider_a,
        phone="0573 222333",
        email="domiciliare@example.org",
        legal_reference="Legge 328/2000",
        need_areas=[area("elderly"), area("disability")],
        access_points=[access_point_a],
    )
    internships = make_service(
        zone_a,
        name="Tirocini di inclusione sociale",
        short_description="Un tirocinio con borsa mensile.",
        target_groups="Adulti disoccupati",
        min_age=18,
        max_age=65,
        is_free=True,
        provider=provider_a,
        need_areas=[area("work"), area("poverty")],
        access_points=[access_point_a],
    )
    draft = make_service(
        zone_a,
        name="Servizio segreto in bozza",
        status="draft",
        need_areas=[area("elderly")],
    )
    withdrawn = make_service(
        zone_a, name="Vecchio servizio ritirato", status="withdrawn", need_areas=[area("elderly")]
    )
    other_zone = make_service(zone_b, name="Assistenza domiciliare Crema")
    return {
        "home_care": home_care,
        "internships": internships,
        "draft": draft,
        "withdrawn": withdrawn,
        "other_zone": other_zone,
    }
