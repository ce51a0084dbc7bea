"""Territory fixtures: zone A dressed as the Società della Salute Pistoiese of seed 002."""

from datetime import time
from decimal import Decimal

import pytest

from ambito.territory.models import OpeningHours
from tests.factories import (
    AccessPointFactory,
    ConsortiumMemberFactory,
    MunicipalityFactory,
    OrganisationFactory,
    PopulationFactory,
    StaffFactory,
)

# Seed 002, assembly of 30/01/2019: the members' shares add up to 99%.
SEED_002_SHARES = [
    ("Comune Abetone Cutigliano", "0.81"),
    ("Comune Agliana", "6.75"),
    ("Comune Marliana", "1.24"),
    ("Comune Montale", "4.13"),
    ("Comune Pistoia", "34.76"),
    ("Comune Quarrata", "10.08"),
    ("Comune Sambuca Pistoiese", "0.62"),
    ("Comune San Marcello Piteglio", "3.12"),
    ("Comune Serravalle Pistoiese", "4.49"),
    ("Azienda USL Toscana Centro", "33.00"),
]


@pytest.fixture
def populations(municipality_a, municipality_b):
    """Pistoia and Quarrata, 2023 and 2024."""
    return [
        PopulationFactory(municipality=municipality_a, year=2023, population=90000),
        PopulationFactory(municipality=municipality_a, year=2024, population=90315),
        PopulationFactory(municipality=municipality_b, year=2023, population=26000),
        PopulationFactory(municipality=municipality_b, year=2024, population=26521),
    ]


@pytest.fixture
def seed_002_members(zone_a):
    members = []
    for name, share in SEED_002_SHARES:
        kind = "asl" if name.startswith("Azienda") else "other"
        organisation = OrganisationFactory(zone=zone_a, name=name, kind=kind)
        members.append(
            ConsortiumMemberFactory(zone=zone_a, organisation=organisation, share=Decimal(share))
        )
    return members


@pytest.fixture
def employer_a(zone_a):
    return OrganisationFactory(
        zone=zone_a, name="Società della Salute Pistoiese", kind="consortium"
    )


@pytest.fixture
def employer_other_zone(zone_b):
    return OrganisationFactory(zone=zone_b, name="Comunità Sociale Cremasca", kind="consortium")


@pytest.fixture
def urp_pistoia(zone_a, municipality_a):
    """Open Monday 9:00-12:30 and Wednesday 15:00-17:00: 5.5 hours a week."""
    access_point = AccessPointFactory(
        zone=zone_a,
        municipality=municipality_a,
        kind="urp",
        name="URP Pistoia",
        address="Piazza del Duomo 1",
    )
    OpeningHours.objects.create(
        access_point=access_point, weekday=0, opens=time(9), closes=time(12, 30)
    )
    OpeningHours.objects.create(
        access_point=access_point, weekday=2, opens=time(15), closes=time(17)
    )
    return access_point


@pytest.fixture
def access_point_other_zone(zone_b, municipality_other_zone):
    return AccessPointFactory(
        zone=zone_b,
        municipality=municipality_other_zone,
        kind="segretariato",
        name="Segretariato Crema",
        address="Via Manini 21",
    )


@pytest.fixture
def staff_a(zone_a, employer_a, municipality_a):
    staff = StaffFactory(
        zone=zone_a, employer=employer_a, first_name="Carla", last_name="Bini", weekly_hours=36
    )
    staff.municipalities.set([municipality_a])
    return staff


@pytest.fixture
def staff_other_zone(zone_b, employer_other_zone, municipality_other_zone):
    staff = StaffFactory(
        zone=zone_b, employer=employer_other_zone, first_name="Piero", last_name="Cremaschi"
    )
    staff.municipalities.set([municipality_other_zone])
    return staff


@pytest.fixture
def agliana_in_other_zone(zone_b):
    return MunicipalityFactory(zone=zone_b, istat_code="047002")
