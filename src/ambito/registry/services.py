"""Writes to the registry. Every function is atomic, validates before saving and logs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambito.core import fiscal_code
from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require
from ambito.core.scoping import served_municipality_ids

from .choices import Relationship
from .models import Household, HouseholdMember, IseeRecord, Person
from .selectors import homonyms_of

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "citizenship",
    "residence_municipality",
    "residence_address",
    "domicile_address",
    "phone",
    "email",
    "language",
    "legal_guardian",
    "privacy_notice_date",
    "legal_basis",
)


class DuplicatePerson(ValidationError):
    """The codice fiscale is already in the zone's registry. `existing` is that person when
    the actor may see them, else None (the record's existence is all they learn)."""

    def __init__(self, existing: Person | None):
        self.existing = existing
        if existing is not None:
            text = "Questa persona è già registrata: apri la sua scheda invece di crearne un'altra."
        else:
            text = (
                "Una persona con questo codice fiscale è già registrata nell'ambito, ma risiede "
                "in un comune che non segui: chiedi al coordinatore o al front-office."
            )
        super().__init__(text, code="duplicate_fiscal_code")


class PersonNeedsConfirmation(ValidationError):
    """Things an operator must look at before saving: possible homonyms, names that do not
    match the code. Saving again with `confirmed=True` accepts them."""

    def __init__(self, warnings: list[str], homonyms: list[Person]):
        self.warnings = warnings
        self.homonyms = homonyms
        super().__init__(warnings, code="needs_confirmation")


def _name_warnings(code: str, first_name: str, last_name: str) -> list[str]:
    warnings = []
    if fiscal_code._surname_part(last_name) != code[0:3]:
        warnings.append(
            f"Le lettere del cognome nel codice fiscale ({code[0:3]}) non corrispondono al "
            "cognome indicato."
        )
    if fiscal_code._name_part(first_name) != code[3:6]:
        warnings.append(
            f"Le lettere del nome nel codice fiscale ({code[3:6]}) non corrispondono al nome "
            "indicato."
        )
    return warnings


def _check_residence(actor, municipality) -> None:
    if municipality is None or municipality.zone_id != actor.zone_id:
        raise ValidationError(
            {"residence_municipality": "Il comune di residenza deve appartenere all'ambito."}
        )
    if not actor.has_perm("registry.view_zone_persons") and municipality.pk not in set(
        served_municipality_ids(actor)
    ):
        raise ValidationError(
            {
                "residence_municipality": (
                    "Puoi registrare solo persone residenti nei comuni che segui."
                )
            }
        )


@transaction.atomic
def person_create(*, actor, data: dict, confirmed: bool = False) -> Person:
    """Register a person in the actor's zone.

    Raises ValidationError (bad code or fields), DuplicatePerson (code already registered)
    or PersonNeedsConfirmation (homonyms or names not matching the code, unless confirmed).
    """
    require(actor, "registry.add_person", message="Non hai il permesso di registrare persone.")
    try:
        decoded = fiscal_code.validate(data.get("fiscal_code", ""))
    except ValidationError as exc:
        raise ValidationError({"fiscal_code": exc.messages}) from exc
    existing = Person.objects.filter(zone_id=actor.zone_id, fiscal_code=decoded.code).first()
    if existing is not None:
        visible = Person.objects.visible_to(actor).filter(pk=existing.pk).exists()
        raise DuplicatePerson(existing if visible else None)
    _check_residence(actor, data.get("residence_municipality"))
    person = Person(
        zone_id=actor.zone_id,
        fiscal_code=decoded.code,
        birth_date=decoded.birth_date,
        sex=decoded.sex,
        birth_place=decoded.birth_place,
        birth_place_code=decoded.birth_place_code,
        **{name: data[name] for name in PERSON_FIELDS if name in data},
    )
    person.first_name = person.first_name.strip()
    person.last_name = person.last_name.strip()
    person.first_name_key = fiscal_code.name_key(person.first_name)
    person.last_name_key = fiscal_code.name_key(person.last_name)
    person.full_clean(exclude=["zone"], validate_unique=False)
    if not confirmed:
        warnings = _name_warnings(decoded.code, person.first_name, person.last_name)
        homonyms = list(homonyms_of(person))
        if homonyms:
            warnings.insert(
                0,
                "Esiste già una persona con lo stesso nome, cognome e data di nascita: "
                "verifica che non sia la stessa.",
            )
        if warnings:
            raise PersonNeedsConfirmation(warnings, homonyms)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise DuplicatePerson(None) from exc
    log_event(user=actor, obj=person, action=EventAction.CREATE, fields=["*"])
    return person


@transaction.atomic
def person_update(*, actor, person: Person, data: dict) -> Person:
    require(
        actor, "registry.change_person", message="Non hai il permesso di modificare le persone."
    )
    if "residence_municipality" in data:
        _check_residence(actor, data["residence_municipality"])
    updates = {name: data[name] for name in PERSON_FIELDS if name in data}
    fields = changed_fields(person, updates)
    if "fiscal_code" in data and fiscal_code.normalise(data["fiscal_code"]) != person.fiscal_code:
        try:
            decoded = fiscal_code.validate(data["fiscal_code"])
        except ValidationError as exc:
            raise ValidationError({"fiscal_code": exc.messages}) from exc
        if Person.objects.filter(zone_id=person.zone_id, fiscal_code=decoded.code).exists():
            raise DuplicatePerson(None)
        updates.update(
            fiscal_code=decoded.code,
            birth_date=decoded.birth_date,
            sex=decoded.sex,
            birth_place=decoded.birth_place,
            birth_place_code=decoded.birth_place_code,
        )
        fields += ["fiscal_code", "birth_date", "sex", "birth_place"]
    for name, value in updates.items():
        setattr(person, name, value)
    person.first_name_key = fiscal_code.name_key(person.first_name)
    person.last_name_key = fiscal_code.name_key(person.last_name)
    person.full_clean(exclude=["zone"], validate_unique=False)
    if fields:
        person.save()
        log_event(user=actor, obj=person, action=EventAction.UPDATE, fields=fields)
    return person


@transaction.atomic
def household_create(
    *, actor, head: Person, address: str = "", start_date: date | None = None
) -> Household:
    """A new household with `head` as reference person, in the head's municipality."""
    require(
        actor, "registry.add_household", message="Non hai il permesso di creare nuclei familiari."
    )
    _ensure_not_in_household(head)
    household = Household(
        zone_id=head.zone_id,
        municipality_id=head.residence_municipality_id,
        address=address or head.residence_address,
    )
    household.full_clean(exclude=["zone", "municipality"])
    household.save()
    HouseholdMember.objects.create(
        household=household,
        person=head,
        relationship=Relationship.HEAD,
        start_date=start_date or timezone.localdate(),
    )
    log_event(user=actor, obj=household, action=EventAction.CREATE, fields=["*"], person=head)
    return household


def _ensure_not_in_household(person: Person) -> None:
    current = person.memberships.filter(end_date__isnull=True).first()
    if current is not None:
        raise ValidationError(
            "La persona è già componente di un nucleo familiare: toglila da quel nucleo prima "
            "di aggiungerla a un altro.",
            code="already_in_household",
        )


@transaction.atomic
def household_add_member(
    *,
    actor,
    household: Household,
    person: Person,
    relationship: str,
    start_date: date | None = None,
) -> HouseholdMember:
    require(
        actor, "registry.change_household", message="Non hai il permesso di modificare i nuclei."
    )
    if person.zone_id != household.zone_id:
        raise ValidationError("La persona appartiene a un altro ambito.", code="zone")
    if relationship == Relationship.HEAD:
        raise ValidationError(
            {"relationship": "Il nucleo ha già un intestatario."}, code="head_exists"
        )
    _ensure_not_in_household(person)
    member = HouseholdMember(
        household=household,
        person=person,
        relationship=relationship,
        start_date=start_date or timezone.localdate(),
    )
    member.full_clean(exclude=["household", "person"])
    member.save()
    household.save(update_fields=["updated_at"])
    log_event(user=actor, obj=household, action=EventAction.LINK, fields=["members"], person=person)
    return member


@transaction.atomic
def household_remove_member(
    *, actor, member: HouseholdMember, end_date: date | None = None
) -> HouseholdMember:
    require(
        actor, "registry.change_household", message="Non hai il permesso di modificare i nuclei."
    )
    if member.end_date is not None:
        raise ValidationError("Il componente non fa già più parte del nucleo.", code="ended")
    if (
        member.relationship == Relationship.HEAD
        and member.household.memberships.filter(end_date__isnull=True)
        .exclude(pk=member.pk)
        .exists()
    ):
        raise ValidationError(
            "Non si può togliere l'intestatario finché nel nucleo restano altri componenti.",
            code="head_with_members",
        )
    member.end_date = end_date or timezone.localdate()
    if member.end_date < member.start_date:
        raise ValidationError(
            {"end_date": "La data di uscita non può precedere la data di ingresso."}
        )
    member.save(update_fields=["end_date"])
    log_event(
        user=actor,
        obj=member.household,
        action=EventAction.UNLINK,
        fields=["members"],
        person=member.person,
    )
    return member


@transaction.atomic
def isee_record_add(
    *,
    actor,
    person: Person,
    value: Decimal,
    valid_from: date,
    valid_until: date,
    kind: str = "ordinario",
    dsu_protocol: str = "",
) -> IseeRecord:
    require(actor, "registry.add_iseerecord", message="Non hai il permesso di registrare ISEE.")
    current = person.memberships.filter(end_date__isnull=True).first()
    record = IseeRecord(
        person=person,
        household_id=current.household_id if current else None,
        value=value,
        valid_from=valid_from,
        valid_until=valid_until,
        kind=kind,
        dsu_protocol=dsu_protocol,
    )
    # Our messages first: full_clean() would report the database constraints' names.
    if value is not None and value < 0:
        raise ValidationError({"value": "Il valore ISEE non può essere negativo."})
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": "La fine della validità non può precedere l'inizio."})
    record.full_clean(exclude=["person", "household"])
    record.save()
    log_event(user=actor, obj=record, action=EventAction.CREATE, fields=["*"], person=person)
    return record


from .bulk import persons_register_bulk  # noqa: E402,F401
