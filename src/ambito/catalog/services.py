"""Writes of the service charter (DOMAIN §2 §7): services, their publication and withdrawal.

Every write checks the actor's permission and zone, validates the whole service (Italian
messages), saves it (simple_history keeps the full row history) and writes one EventLog row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone
from ambito.territory.models import Zone

from .choices import ServiceStatus
from .models import Service

SERVICE_FIELDS = (
    "name",
    "slug",
    "short_description",
    "description",
    "target_groups",
    "intervention_type",
    "min_age",
    "max_age",
    "residence_required",
    "isee_max",
    "other_conditions",
    "cost",
    "is_free",
    "how_to_apply",
    "documents",
    "provider",
    "phone",
    "email",
    "legal_reference",
)
SERVICE_RELATIONS = ("need_areas", "access_points", "municipalities")


# --- guards ----------------------------------------------------------------------------------


def _split(data: dict) -> tuple[dict, dict]:
    unknown = set(data) - set(SERVICE_FIELDS) - set(SERVICE_RELATIONS)
    if unknown:
        raise TypeError(f"Campi non previsti: {', '.join(sorted(unknown))}")
    fields = {k: _empty_text(k, v) for k, v in data.items() if k in SERVICE_FIELDS}
    relations = {k: list(v or []) for k, v in data.items() if k in SERVICE_RELATIONS}
    return fields, relations


def _empty_text(name: str, value):
    """None for a text field that is optional but not nullable means "empty": full_clean()
    lets None through for blank fields, and the database would refuse it."""
    if value is not None:
        return value
    field = Service._meta.get_field(name)
    if isinstance(field, models.CharField | models.TextField) and field.blank and not field.null:
        return ""
    return value


# --- validation ------------------------------------------------------------------------------


def _unique_slug(zone: Zone, base: str, *, exclude_pk: int | None) -> str:
    base = (base or "servizio")[:110].strip("-") or "servizio"
    taken = set(
        Service.objects.filter(zone=zone, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _validate(service: Service, relations: dict, *, new_slug: bool) -> None:
    """`new_slug`: derive the slug from the name (none was given)."""
    errors: dict[str, list[str]] = {}
    service.name = (service.name or "").strip()
    if not service.name:
        errors.setdefault("name", []).append("Indica il nome del servizio.")
    if not (service.short_description or "").strip():
        errors.setdefault("short_description", []).append(
            "Indica una descrizione breve del servizio."
        )
    if not new_slug:
        service.slug = slugify(service.slug)
        if not service.slug:
            errors.setdefault("slug", []).append(
                "Indirizzo non valido: usa lettere, numeri e trattini."
            )
        clash = Service.objects.filter(zone_id=service.zone_id, slug=service.slug).exclude(
            pk=service.pk
        )
        if clash.exists():
            errors.setdefault("slug", []).append(
                f"L'indirizzo «{service.slug}» è già usato da un altro servizio dell'ambito."
            )
    elif service.name:
        service.slug = _unique_slug(
            service.zone, slugify(service.name)[:110], exclude_pk=service.pk
        )
    if (
        service.min_age is not None
        and service.max_age is not None
        and service.max_age < service.min_age
    ):
        errors.setdefault("max_age", []).append(
            f"L'età massima ({service.max_age}) non può essere inferiore "
            f"all'età minima ({service.min_age})."
        )
    if service.isee_max is not None and service.isee_max < 0:
        errors.setdefault("isee_max", []).append("La soglia ISEE non può essere negativa.")
    if service.provider_id is not None and service.provider.zone_id != service.zone_id:
        errors.setdefault("provider", []).append("L'ente erogatore non è di questo ambito.")
    for name, text in (
        ("access_points", "Il punto di accesso «{}» non è di questo ambito."),
        ("municipalities", "Il comune di {} non è di questo ambito."),
    ):
        for item in relations.get(name, []):
            if item.zone_id != service.zone_id:
                errors.setdefault(name, []).append(text.format(item))
    if errors:
        raise ValidationError(errors)
    service.full_clean(exclude=["need_areas", "access_points", "municipalities"])


def _set_relations(service: Service, relations: dict) -> list[str]:
    changed = []
    for name, items in relations.items():
        manager = getattr(service, name)
        before = set(manager.values_list("pk", flat=True))
        after = {item.pk for item in items}
        if before != after:
            manager.set(items)
            changed.append(name)
    return changed


# --- writes ----------------------------------------------------------------------------------


@transaction.atomic
def service_create(*, actor, zone: Zone, data: dict) -> Service:
    """A new service of the charter, as a draft."""
    require(actor, "catalog.add_service", message="Non hai il permesso di aggiungere servizi.")
    require_same_zone(actor, zone.pk)
    fields, relations = _split(data)
    service = Service(zone=zone, status=ServiceStatus.DRAFT, **fields)
    _validate(service, relations, new_slug=not fields.get("slug"))
    service._history_user = actor
    service.save()
    _set_relations(service, relations)
    log_event(user=actor, obj=service, action=EventAction.CREATE, fields=["*"])
    return service


@transaction.atomic
def service_update(*, actor, service: Service, data: dict) -> Service:
    require(actor, "catalog.change_service", message="Non hai il permesso di modificare i servizi.")
    require_same_zone(actor, service.zone_id)
    fields, relations = _split(data)
    service = Service.objects.select_for_update().get(pk=service.pk)
    changed = [name for name, value in fields.items() if getattr(service, name) != value]
    for name, value in fields.items():
        setattr(service, name, value)
    _validate(service, relations, new_slug="slug" in fields and not fields["slug"])
    if changed:
        service._history_user = actor
        service.save()
    changed += _set_relations(service, relations)
    if changed:
        log_event(user=actor, obj=service, action=EventAction.UPDATE, fields=changed)
    return service


@transaction.atomic
def service_publish(*, actor, service: Service) -> Service:
    """Publish the service: from now on it is on the public charter."""
    require(actor, "catalog.change_service", message="Non hai il permesso di pubblicare i servizi.")
    require_same_zone(actor, service.zone_id)
    if service.status == ServiceStatus.PUBLISHED:
        raise ValidationError("Il servizio è già pubblicato.", code="status")
    service.status = ServiceStatus.PUBLISHED
    service.published_at = timezone.now()
    service.full_clean(exclude=["need_areas", "access_points", "municipalities"])
    service._history_user = actor
    service.save(update_fields=["status", "published_at", "updated_at"])
    log_event(user=actor, obj=service, action=EventAction.UPDATE, fields=["status", "published_at"])
    return service


@transaction.atomic
def service_withdraw(*, actor, service: Service) -> Service:
    """Take the service off the public charter (it stays in the operators' list)."""
    require(actor, "catalog.change_service", message="Non hai il permesso di ritirare i servizi.")
    require_same_zone(actor, service.zone_id)
    if service.status != ServiceStatus.PUBLISHED:
        raise ValidationError("Solo un servizio pubblicato può essere ritirato.", code="status")
    service.status = ServiceStatus.WITHDRAWN
    service.published_at = None
    service._history_user = actor
    service.save(update_fields=["status", "published_at", "updated_at"])
    log_event(user=actor, obj=service, action=EventAction.UPDATE, fields=["status", "published_at"])
    return service
