"""Writes of the zone's organisations (Comuni, ASL, third-sector bodies...) and of the members
of its consortium with their shares."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from ..models import ConsortiumMember, Organisation, Zone
from ..selectors import format_number
from ._common import _check_in_zone, _only

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "municipality",
    "tax_code",
    "legal_form",
    "runts_number",
    "address",
    "email",
    "phone",
)


# --- organisations ---------------------------------------------------------------------------


def _validate_organisation(organisation: Organisation) -> None:
    zone_id = organisation.zone_id
    _check_in_zone(organisation, "municipality", "Il comune non è di questo ambito.")
    if organisation.kind == "municipality" and organisation.municipality_id is None:
        raise ValidationError({"municipality": "Per un Comune indica quale comune rappresenta."})
    organisation.name = (organisation.name or "").strip()
    same_name = Organisation.objects.filter(zone_id=zone_id, name__iexact=organisation.name)
    if organisation.pk:
        same_name = same_name.exclude(pk=organisation.pk)
    if organisation.name and same_name.exists():
        raise ValidationError({"name": "Esiste già un ente con questa denominazione nell'ambito."})
    organisation.full_clean()


@transaction.atomic
def organisation_create(*, actor, zone: Zone, data: dict) -> Organisation:
    require(actor, "territory.add_organisation", message="Non hai il permesso di aggiungere enti.")
    require_same_zone(actor, zone.pk)
    organisation = Organisation(zone=zone, **_only(data, ORGANISATION_FIELDS))
    _validate_organisation(organisation)
    organisation.save()
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
    fields = changed_fields(organisation, data)
    for name, value in data.items():
        setattr(organisation, name, value)
    _validate_organisation(organisation)
    organisation.save()
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
