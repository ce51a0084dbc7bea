"""Export of the published charter in Open Referral HSDS 3.0 (Human Services Data Specification).

Four record types, as the schemas in `shared/standards/hsds/` define them:
- organization: the providing organisations (territory.Organisation), and the zone's lead body;
- service: each published service, with phones, schedules of its access points, required
  documents, cost options and contacts nested as the schema allows;
- location: the access points (physical, with address and weekly schedules);
- service_at_location: a service offered at an access point.

Identifiers are the objects' UUIDs; derived records (phones, schedules, addresses, documents)
get UUIDs computed from them (uuid5), so that two exports of the same data are identical."""

from __future__ import annotations

import uuid as uuid_module

from ambito.territory.models import AccessPoint, OpeningHours, Organisation, Zone

from .models import Service
from .selectors import published_services

NAMESPACE = uuid_module.UUID("6f1f1d3e-8f3c-4a55-9a3e-0b8e8c2b7a10")
BYDAY = {0: "MO", 1: "TU", 2: "WE", 3: "TH", 4: "FR", 5: "SA", 6: "SU"}
STATUS_ACTIVE = "active"


def _derived_id(*parts) -> str:
    return str(uuid_module.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _text(value) -> str | None:
    value = (value or "").strip() if isinstance(value, str) else value
    return value or None


def _clean(record: dict) -> dict:
    """Drop empty optional properties (the schemas type them as string, not null)."""
    return {k: v for k, v in record.items() if v is not None and v != []}


# --- nested records --------------------------------------------------------------------------


def _phone(owner_field: str, owner_uuid, number: str, description: str = "") -> dict:
    return _clean(
        {
            "id": _derived_id("phone", owner_field, owner_uuid, number),
            owner_field: str(owner_uuid),
            "number": number,
            "type": "voice",
            "description": _text(description),
        }
    )


def _schedule(slot: OpeningHours, *, owner_field: str, owner_uuid) -> dict:
    return _clean(
        {
            "id": _derived_id("schedule", owner_field, owner_uuid, slot.pk),
            owner_field: str(owner_uuid),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": BYDAY[slot.weekday],
            "opens_at": slot.opens.strftime("%H:%M"),
            "closes_at": slot.closes.strftime("%H:%M"),
            "description": f"{slot.get_weekday_display()} {slot.opens:%H:%M}-{slot.closes:%H:%M}",
            "attending_type": "in_person",
        }
    )


def _address(access_point: AccessPoint, zone: Zone) -> dict:
    return {
        "id": _derived_id("address", access_point.uuid),
        "location_id": str(access_point.uuid),
        "address_1": access_point.address,
        "city": access_point.municipality.name,
        "region": zone.region,
        "state_province": access_point.municipality.province_code,
        # Postal codes are not recorded yet; the schema requires the property.
        "postal_code": "",
        "country": "IT",
        "address_type": "physical",
    }


# --- records ---------------------------------------------------------------------------------


def organization_record(organisation: Organisation) -> dict:
    phones = (
        [_phone("organization_id", organisation.uuid, organisation.phone)]
        if organisation.phone
        else []
    )
    return _clean(
        {
            "id": str(organisation.uuid),
            "name": organisation.name,
            "description": f"{organisation.get_kind_display()}: {organisation.name}",
            "email": _text(organisation.email),
            "tax_id": _text(organisation.tax_code),
            "legal_status": _text(organisation.legal_form),
            "phones": phones,
        }
    )


def location_record(access_point: AccessPoint, zone: Zone) -> dict:
    phones = (
        [_phone("location_id", access_point.uuid, access_point.phone)] if access_point.phone else []
    )
    return _clean(
        {
            "id": str(access_point.uuid),
            "location_type": "physical",
            "organization_id": str(access_point.organisation.uuid)
            if access_point.organisation_id
            else None,
            "name": access_point.name,
            "description": f"{access_point.get_kind_display()} - {access_point.municipality.name}",
            "addresses": [_address(access_point, zone)],
            "phones": phones,
            "schedules": [
                _schedule(slot, owner_field="location_id", owner_uuid=access_point.uuid)
                for slot in access_point.opening_hours.all()
            ],
        }
    )


def _eligibility(service: Service) -> str | None:
    parts = []
    if service.target_groups:
        parts.append(f"Destinatari: {service.target_groups}.")
    if service.min_age is not None or service.max_age is not None:
        parts.append(
            f"Età: {service.min_age if service.min_age is not None else 0}"
            f"-{service.max_age if service.max_age is not None else '…'} anni."
        )
    if service.residence_required:
        parts.append("Riservato ai residenti nei comuni dell'ambito.")
    if service.isee_max is not None:
        parts.append(f"ISEE non superiore a € {service.isee_max}.")
    if service.other_conditions:
        parts.append(service.other_conditions)
    return " ".join(parts) or None


def _cost_options(service: Service) -> list[dict]:
    if service.is_free:
        return [
            {
                "id": _derived_id("cost", service.uuid),
                "service_id": str(service.uuid),
                "option": "Gratuito",
                "currency": "EUR",
                "amount": 0,
            }
        ]
    if service.cost:
        return [
            {
                "id": _derived_id("cost", service.uuid),
                "service_id": str(service.uuid),
                "option": service.cost,
                "currency": "EUR",
            }
        ]
    return []


def service_record(service: Service) -> dict:
    phones = [_phone("service_id", service.uuid, service.phone)] if service.phone else []
    contacts = []
    if service.email or service.phone:
        contact_id = _derived_id("contact", service.uuid)
        contacts.append(
            _clean(
                {
                    "id": contact_id,
                    "service_id": str(service.uuid),
                    "name": service.provider.name if service.provider_id else service.name,
                    "email": _text(service.email),
                    "phones": [_phone("contact_id", contact_id, service.phone)]
                    if service.phone
                    else [],
                }
            )
        )
    documents = [
        {
            "id": _derived_id("document", service.uuid, index),
            "service_id": str(service.uuid),
            "document": line.strip().lstrip("-•").strip(),
        }
        for index, line in enumerate((service.documents or "").splitlines())
        if line.strip().lstrip("-•").strip()
    ]
    return _clean(
        {
            "id": str(service.uuid),
            "organization_id": str(service.provider.uuid) if service.provider_id else None,
            "name": service.name,
            "alternate_name": service.intervention_type.code
            if service.intervention_type_id
            else None,
            "description": "\n\n".join(
                p for p in (service.short_description, service.description) if p
            ),
            "email": _text(service.email),
            "status": STATUS_ACTIVE,
            "application_process": _text(service.how_to_apply),
            "fees_description": _text(service.cost_text),
            "eligibility_description": _eligibility(service),
            "minimum_age": service.min_age,
            "maximum_age": service.max_age,
            "licenses": _text(service.legal_reference),
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
            "phones": phones,
            "contacts": contacts,
            "required_documents": documents,
            "cost_options": _cost_options(service),
        }
    )


def service_at_location_record(service: Service, access_point: AccessPoint) -> dict:
    sal_id = _derived_id("service_at_location", service.uuid, access_point.uuid)
    return {
        "id": sal_id,
        "service_id": str(service.uuid),
        "location_id": str(access_point.uuid),
        "description": f"{service.name} presso {access_point.name}",
    }


# --- the whole export ------------------------------------------------------------------------


def _services(zone: Zone) -> list[Service]:
    return list(published_services(zone))


def services(zone: Zone) -> list[dict]:
    return [service_record(s) for s in _services(zone)]


def organizations(zone: Zone) -> list[dict]:
    """The providers of published services, the managers of their access points, and the
    zone's lead body."""
    ids = set()
    for service in _services(zone):
        if service.provider_id:
            ids.add(service.provider_id)
        ids.update(ap.organisation_id for ap in service.access_points.all() if ap.organisation_id)
    if zone.lead_body_id:
        ids.add(zone.lead_body_id)
    return [
        organization_record(o) for o in Organisation.objects.filter(pk__in=ids).order_by("name")
    ]


def _locations(zone: Zone) -> list[AccessPoint]:
    seen: dict[int, AccessPoint] = {}
    for service in _services(zone):
        for access_point in service.access_points.all():
            seen.setdefault(access_point.pk, access_point)
    return sorted(seen.values(), key=lambda ap: (ap.municipality.name, ap.name))


def locations(zone: Zone) -> list[dict]:
    return [location_record(ap, zone) for ap in _locations_with_org(zone)]


def _locations_with_org(zone: Zone) -> list[AccessPoint]:
    access_points = _locations(zone)
    organisations = Organisation.objects.in_bulk(
        {ap.organisation_id for ap in access_points if ap.organisation_id}
    )
    for ap in access_points:
        if ap.organisation_id:
            ap.organisation = organisations[ap.organisation_id]
    return access_points


def service_at_locations(zone: Zone) -> list[dict]:
    return [
        service_at_location_record(service, access_point)
        for service in _services(zone)
        for access_point in sorted(service.access_points.all(), key=lambda ap: ap.name)
    ]


RECORD_TYPES = {
    "organization": organizations,
    "service": services,
    "location": locations,
    "service_at_location": service_at_locations,
}


def export(zone: Zone) -> dict[str, list[dict]]:
    return {name: build(zone) for name, build in RECORD_TYPES.items()}
