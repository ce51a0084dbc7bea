"""The provider register (§7): the plan office records an organisation of the zone as a
provider of charter services, in one mode (in-house, tender, CONSIP, agreement, accredited),
corrects it and adds its structures.

An organisation is a provider at most once per mode (the model's `provider_once_per_mode`);
the organisation, the services and the structures' municipalities are of the zone. Every
error at once, nothing written on bad input; log_event names the fields, never the values.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from ambito.core.audit import log_event
from ambito.core.choices import EventAction

from ..choices import ProviderMode
from ..models import Provider, ProviderStructure
from .common import require_manager

EDITABLE_FIELDS = ("mode", "services", "contract_reference", "contact_email", "notes", "active")


def _clean(value) -> str:
    return (value or "").strip()


def _duplicate_message(organisation, mode) -> str:
    label = ProviderMode(mode).label if mode in ProviderMode.values else mode
    return f"{organisation.name} è già nel registro degli erogatori con la modalità «{label}»."


def _check(*, zone_id: int, data: dict, services, provider: Provider | None = None) -> dict:
    errors: dict[str, str] = {}
    organisation = data["organisation"]
    if organisation is None or organisation.zone_id != zone_id:
        errors["organisation"] = "L'ente non è di questo ambito."
    if data["mode"] not in ProviderMode.values:
        errors["mode"] = "Scegli la modalità di affidamento."
    elif "organisation" not in errors:
        same = Provider.objects.filter(
            zone_id=zone_id, organisation=organisation, mode=data["mode"]
        )
        if provider is not None:
            same = same.exclude(pk=provider.pk)
        if same.exists():
            errors["mode"] = _duplicate_message(organisation, data["mode"])
    if any(service.zone_id != zone_id for service in services):
        errors["services"] = "Uno o più servizi scelti non sono della carta di questo ambito."
    email = data["contact_email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = "Indica un indirizzo email valido."
    if len(data["contract_reference"]) > 200:
        errors["contract_reference"] = "Il riferimento al contratto è troppo lungo (al più 200)."
    return errors


def _save(provider: Provider, services) -> None:
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError:
        # Two records of the same organisation and mode at the same instant.
        raise ValidationError(
            {"mode": _duplicate_message(provider.organisation, provider.mode)}
        ) from None
    provider.services.set(services)


@transaction.atomic
def provider_create(
    *,
    actor,
    organisation,
    mode: str,
    services=(),
    contract_reference: str = "",
    contact_email: str = "",
    notes: str = "",
) -> Provider:
    require_manager(actor, actor.zone_id)
    services = list(services)
    data = {
        "organisation": organisation,
        "mode": mode,
        "contract_reference": _clean(contract_reference),
        "contact_email": _clean(contact_email),
    }
    errors = _check(zone_id=actor.zone_id, data=data, services=services)
    if errors:
        raise ValidationError(errors)
    provider = Provider(zone_id=actor.zone_id, **data, notes=notes or "")
    _save(provider, services)
    log_event(user=actor, obj=provider, action=EventAction.CREATE, fields=["*"])
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, **fields) -> Provider:
    """Correct a provider: only the fields given change (`services`, when given, replaces the
    list). The organisation does not change: record another provider instead."""
    require_manager(actor, provider.zone_id)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({"__all__": "Campi non modificabili: " + ", ".join(sorted(unknown))})
    provider = (
        Provider.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=provider.pk)
    )
    services = fields.get("services")
    new_services = list(provider.services.all()) if services is None else list(services)
    data = {
        "organisation": provider.organisation,
        "mode": fields.get("mode", provider.mode),
        "contract_reference": _clean(fields.get("contract_reference", provider.contract_reference)),
        "contact_email": _clean(fields.get("contact_email", provider.contact_email)),
    }
    errors = _check(zone_id=provider.zone_id, data=data, services=new_services, provider=provider)
    if errors:
        raise ValidationError(errors)
    values = {
        "mode": data["mode"],
        "contract_reference": data["contract_reference"],
        "contact_email": data["contact_email"],
        "notes": fields.get("notes", provider.notes) or "",
        "active": bool(fields.get("active", provider.active)),
    }
    changed = [name for name, value in values.items() if getattr(provider, name) != value]
    for name, value in values.items():
        setattr(provider, name, value)
    if services is not None and {s.pk for s in new_services} != set(
        provider.services.values_list("pk", flat=True)
    ):
        changed.append("services")
    _save(provider, new_services)
    if changed:
        log_event(user=actor, obj=provider, fields=changed)
    return provider


@transaction.atomic
def structure_add(
    *,
    actor,
    provider: Provider,
    name: str,
    kind: str = "",
    address: str = "",
    municipality=None,
    capacity=None,
    authorisation: str = "",
) -> ProviderStructure:
    require_manager(actor, provider.zone_id)
    errors: dict[str, str] = {}
    name = _clean(name)
    if not name:
        errors["name"] = "Indica il nome della struttura."
    elif len(name) > 200:
        errors["name"] = "Il nome della struttura è troppo lungo (al più 200 caratteri)."
    if municipality is not None and municipality.zone_id != provider.zone_id:
        errors["municipality"] = "Il comune non è di questo ambito."
    if capacity is not None:
        try:
            capacity = int(capacity)
        except (TypeError, ValueError):
            capacity = -1
        if capacity < 0 or capacity > 100000:
            errors["capacity"] = "Indica il numero dei posti (un intero non negativo)."
    if errors:
        raise ValidationError(errors)
    structure = ProviderStructure.objects.create(
        provider=provider,
        name=name,
        kind=_clean(kind)[:100],
        address=_clean(address)[:300],
        municipality=municipality,
        capacity=capacity,
        authorisation=_clean(authorisation)[:200],
    )
    log_event(
        user=actor,
        obj=provider,
        action=EventAction.LINK,
        fields=["structures"],
        zone_id=provider.zone_id,
    )
    return structure
