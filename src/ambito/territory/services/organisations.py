"""Writes of the zone's organisations (Comuni, ASL, third-sector bodies...) and of the members
of its consortium with their shares."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from ..models import ActivityField, ConsortiumMember, Organisation, Zone
from ..selectors import format_number
from ._common import _check_in_zone, _only

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "municipality",
    "tax_code",
    "legal_form",
    "runts_number",
    "runts_section",
    "legal_representative",
    "pec",
    "fields_of_activity",
    "address",
    "email",
    "phone",
)


# --- organisations ---------------------------------------------------------------------------


def _duplicate(zone_id: int, pk, **lookup) -> Organisation | None:
    rows = Organisation.objects.filter(zone_id=zone_id, **lookup)
    if pk:
        rows = rows.exclude(pk=pk)
    return rows.only("name").first()


def _validate_organisation(organisation: Organisation, fields_of_activity=None) -> None:
    """Every error at once, in Italian. The duplicates are named: an organisation's name is
    not personal data, and the plan office needs it to find the row already there."""
    zone_id, pk = organisation.zone_id, organisation.pk
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for name in ("name", "tax_code", "runts_number", "legal_form", "legal_representative"):
        setattr(organisation, name, (getattr(organisation, name) or "").strip())
    organisation.tax_code = organisation.tax_code.upper()
    try:
        _check_in_zone(organisation, "municipality", "Il comune non è di questo ambito.")
    except ValidationError as error:
        add("municipality", error.messages[0])
    if organisation.kind == "municipality" and organisation.municipality_id is None:
        add("municipality", "Per un Comune indica quale comune rappresenta.")
    if organisation.name and _duplicate(zone_id, pk, name__iexact=organisation.name):
        add("name", "Esiste già un ente con questa denominazione nell'ambito.")
    if organisation.runts_number:
        other = _duplicate(zone_id, pk, runts_number=organisation.runts_number)
        if other is not None:
            add("runts_number", f"Esiste già un ente con questo numero RUNTS: {other.name}.")
    if organisation.tax_code:
        other = _duplicate(zone_id, pk, tax_code=organisation.tax_code)
        if other is not None:
            add("tax_code", f"Esiste già un ente con questo codice fiscale: {other.name}.")
    if organisation.kind == "third_sector" and not organisation.legal_form:
        add(
            "legal_form",
            "Per un ente del Terzo settore indica la forma giuridica (es. ODV, APS, "
            "cooperativa sociale).",
        )
    if fields_of_activity is not None and any(
        not isinstance(item, ActivityField) for item in fields_of_activity
    ):
        add("fields_of_activity", "Settori di attività non validi.")
    try:
        # The constraints are the checks above, with clearer messages.
        organisation.full_clean(validate_constraints=False, validate_unique=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                if message not in errors.get(field, []):
                    add(field, message)
    if errors:
        raise ValidationError(errors)


def _activities(data: dict):
    """The M2M fields of activity, set after the row is saved (None: not given)."""
    value = data.pop("fields_of_activity", None)
    return None if value is None else list(value)


@transaction.atomic
def organisation_create(*, actor, zone: Zone, data: dict) -> Organisation:
    require(actor, "territory.add_organisation", message="Non hai il permesso di aggiungere enti.")
    require_same_zone(actor, zone.pk)
    data = _only(data, ORGANISATION_FIELDS)
    activities = _activities(data)
    organisation = Organisation(zone=zone, **data)
    _validate_organisation(organisation, activities)
    organisation.save()
    if activities is not None:
        organisation.fields_of_activity.set(activities)
    log_event(user=actor, obj=organisation, action=EventAction.CREATE, fields=["*"])
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, data: dict) -> Organisation:
    require(
        actor,
        "territory.change_organisation",
        message="Non hai il permesso di modificare gli enti.",
    )
    require_same_zone(actor, organisation.zone_id)
    data = _only(data, ORGANISATION_FIELDS)
    activities = _activities(data)
    fields = changed_fields(organisation, data)
    for name, value in data.items():
        setattr(organisation, name, value)
    _validate_organisation(organisation, activities)
    organisation.save()
    if activities is not None:
        before = set(organisation.fields_of_activity.values_list("pk", flat=True))
        if before != {item.pk for item in activities}:
            organisation.fields_of_activity.set(activities)
            fields.append("fields_of_activity")
    if fields:
        log_event(user=actor, obj=organisation, action=EventAction.UPDATE, fields=fields)
    return organisation


# --- consortium members ----------------------------------------------------------------------


def _parse_share(share) -> Decimal:
    try:
        value = Decimal(str(share).replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"share": "La quota deve essere un numero (es. 34,76)."}) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValidationError({"share": "La quota va da 0 a 100%."})
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError({"share": "La quota ha al massimo due decimali (es. 34,76)."})
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def member_set_share(
    *,
    actor,
    zone: Zone,
    organisation: Organisation,
    share,
    representative: str | None = None,
    representative_role: str | None = None,
) -> ConsortiumMember:
    """Make the organisation a member of the zone's consortium with this share, or change it.

    The total of the shares is not forced to 100%: real assemblies record 99% (seed 002)
    and the zone page shows the difference."""
    member = ConsortiumMember.objects.filter(zone=zone, organisation=organisation).first()
    if member is None:
        require(
            actor,
            "territory.add_consortiummember",
            message="Non hai il permesso di aggiungere soci del consorzio.",
        )
    else:
        require(
            actor,
            "territory.change_consortiummember",
            message="Non hai il permesso di modificare le quote dei soci.",
        )
    require_same_zone(actor, zone.pk)
    if organisation.zone_id != zone.pk:
        raise ValidationError({"organisation": "L'ente appartiene a un altro ambito."})
    value = _parse_share(share)
    data = {"share": value}
    if representative is not None:
        data["representative"] = representative.strip()
    if representative_role is not None:
        data["representative_role"] = representative_role.strip()
    if member is None:
        member = ConsortiumMember(zone=zone, organisation=organisation, **data)
        fields, action = ["*"], EventAction.CREATE
    else:
        fields, action = changed_fields(member, data), EventAction.UPDATE
        for name, new in data.items():
            setattr(member, name, new)
    member.full_clean()
    member.save()
    if fields:
        log_event(
            user=actor,
            obj=member,
            action=action,
            fields=fields,
            note=f"quota {format_number(value, 2)}% · ente {organisation.uuid}",
        )
    return member
