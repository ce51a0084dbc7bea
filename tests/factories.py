"""factory_boy factories shared by the test suite. Codici fiscali are computed, so valid."""

import datetime
import itertools

import factory

from ambito.core import fiscal_code
from ambito.core.models import User
from ambito.registry.models import Household, HouseholdMember, IseeRecord, Person
from ambito.territory.models import (
    AccessPoint,
    ConsortiumMember,
    Municipality,
    MunicipalityPopulation,
    Organisation,
    Staff,
    Zone,
)

# Real municipalities (ISTAT code, Belfiore code, name, province), used in turn.
REAL_MUNICIPALITIES = [
    ("047014", "G713", "Pistoia", "PT"),
    ("047017", "H109", "Quarrata", "PT"),
    ("047002", "A071", "Agliana", "PT"),
    ("019035", "D142", "Crema", "CR"),
    ("046017", "E715", "Lucca", "LU"),
    ("046007", "B648", "Capannori", "LU"),
]
_municipality_cycle = itertools.cycle(REAL_MUNICIPALITIES)


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    code = factory.Sequence(lambda n: f"zona-{n}")
    name = factory.Sequence(lambda n: f"Zona di prova {n}")
    kind = "sds"
    region = "Toscana"
    province_code = "PT"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("istat_code",)

    zone = factory.SubFactory(ZoneFactory)

    @factory.lazy_attribute_sequence
    def istat_code(self, n):
        return next(_municipality_cycle)[0]

    @factory.lazy_attribute
    def belfiore_code(self):
        return next(m[1] for m in REAL_MUNICIPALITIES if m[0] == self.istat_code)

    @factory.lazy_attribute
    def name(self):
        return next(m[2] for m in REAL_MUNICIPALITIES if m[0] == self.istat_code)

    @factory.lazy_attribute
    def province_code(self):
        return next(m[3] for m in REAL_MUNICIPALITIES if m[0] == self.istat_code)


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalityPopulation

    municipality = factory.SubFactory(MunicipalityFactory)
    year = 2024
    population = 10000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    zone = factory.SubFactory(ZoneFactory)
    kind = "other"
    name = factory.Sequence(lambda n: f"Ente {n}")


class ConsortiumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsortiumMember

    zone = factory.SubFactory(ZoneFactory)
    organisation = factory.SubFactory(OrganisationFactory, zone=factory.SelfAttribute("..zone"))
    share = 10


class AccessPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessPoint

    zone = factory.SubFactory(ZoneFactory)
    municipality = factory.SubFactory(MunicipalityFactory, zone=factory.SelfAttribute("..zone"))
    kind = "urp"
    name = factory.Sequence(lambda n: f"URP {n}")
    address = "Piazza del Comune 1"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    zone = factory.SubFactory(ZoneFactory)
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Operatrice{n}")
    profile = "social_worker"
    employer = factory.SubFactory(OrganisationFactory, zone=factory.SelfAttribute("..zone"))
    weekly_hours = 36
    area = "social"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utente{n}")
    first_name = "Utente"
    zone = factory.SubFactory(ZoneFactory)
    password = factory.PostGenerationMethodCall("set_password", "password-di-prova-1")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            from ambito.core.roles import role_group

            self.groups.set([role_group(role) for role in extracted])

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)
        if create:
            self.save()


_surnames = itertools.cycle(["Rossi", "Bianchi", "Verdi", "Neri", "Bruno", "Gallo", "Conti"])
_names = itertools.cycle([("Mario", "M"), ("Giulia", "F"), ("Luca", "M"), ("Sara", "F")])


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    zone = factory.LazyAttribute(lambda o: o.residence_municipality.zone)
    residence_municipality = factory.SubFactory(MunicipalityFactory)
    last_name = factory.LazyFunction(lambda: next(_surnames))
    first_name = factory.LazyAttribute(lambda o: o.name_and_sex[0])
    sex = factory.LazyAttribute(lambda o: o.name_and_sex[1])
    # Spread over 1950-2018 and wrapped, so that a long test run never makes a person born
    # in the future.
    birth_date = factory.Sequence(
        lambda n: datetime.date(1950, 1, 1) + datetime.timedelta(days=(97 * n) % 25000)
    )
    birth_place = "Pistoia"
    birth_place_code = "G713"
    first_name_key = factory.LazyAttribute(lambda o: fiscal_code.name_key(o.first_name))
    last_name_key = factory.LazyAttribute(lambda o: fiscal_code.name_key(o.last_name))
    fiscal_code = factory.LazyAttribute(
        lambda o: fiscal_code.encode(
            last_name=o.last_name,
            first_name=o.first_name,
            sex=o.sex,
            birth_date=o.birth_date,
            birth_place_code=o.birth_place_code,
        )
    )

    class Params:
        name_and_sex = factory.LazyFunction(lambda: next(_names))


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    municipality = factory.SubFactory(MunicipalityFactory)
    zone = factory.LazyAttribute(lambda o: o.municipality.zone)


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    household = factory.SubFactory(HouseholdFactory)
    person = factory.SubFactory(
        PersonFactory, residence_municipality=factory.SelfAttribute("..household.municipality")
    )
    relationship = "head"
    start_date = datetime.date(2020, 1, 1)


class IseeRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IseeRecord

    person = factory.SubFactory(PersonFactory)
    value = "8500.00"
    valid_from = datetime.date(2026, 1, 1)
    valid_until = datetime.date(2026, 12, 31)
