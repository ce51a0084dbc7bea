"""The coordination of the zone's area services (seed 001: foster care centre, anti-violence
centre, integrative child-protection services, UVM for child protection, the coordination of
the zone's social workers) and the documents shared with every social worker of the zone, in
versions, with who read which version.

Area services and their members are written by who holds `network.coordinate_area_services`
(coordinators, zone administrators); shared documents by who holds add/change shareddocument.
Any reader of a document confirms having read a version: one receipt per user and version.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ambito.core.audit import changed_fields, log_event
from ambito.core.choices import EventAction
from ambito.core.files import deleted_if_failed
from ambito.core.memberships import zone_users
from ambito.core.permissions import NotAllowed, require, require_same_zone

from ..choices import AreaServiceKind, SharedDocumentKind
from ..models import AreaService, AreaServiceMember, DocumentVersion, ReadReceipt, SharedDocument
from .common import attach_upload

COORDINATE = "network.coordinate_area_services"
NOT_COORDINATOR = "Solo il coordinamento dei servizi di area può fare questa operazione."
NOT_EDITOR = "Non hai il permesso di pubblicare o modificare i documenti condivisi."
NOT_IN_ZONE = "L'operatore indicato non lavora in questo ambito."


def _require_coordinator(actor, zone_id: int) -> None:
    require_same_zone(actor, zone_id)
    require(actor, COORDINATE, message=NOT_COORDINATOR)


def _works_in_zone(user, zone_id: int) -> bool:
    return user is not None and user.is_active and zone_users(zone_id).filter(pk=user.pk).exists()


def _service_errors(*, zone_id, kind, name, coordinator, email, exclude_pk=None) -> dict:
    errors: dict[str, str] = {}
    if kind not in AreaServiceKind.values:
        errors["kind"] = "Scegli il tipo di servizio di area."
    if not (name or "").strip():
        errors["name"] = "Indica il nome del servizio di area."
    elif (
        AreaService.objects.filter(zone_id=zone_id, name__iexact=name.strip())
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["name"] = "Nell'ambito c'è già un servizio di area con questo nome."
    if coordinator is not None and not _works_in_zone(coordinator, zone_id):
        errors["coordinator"] = "Il coordinatore indicato non lavora in questo ambito."
    return errors


@transaction.atomic
def area_service_create(
    *,
    actor,
    kind: str,
    name: str,
    description: str = "",
    coordinator=None,
    email: str = "",
    phone: str = "",
) -> AreaService:
    require(actor, COORDINATE, message=NOT_COORDINATOR)
    zone_id = actor.zone_id
    errors = _service_errors(
        zone_id=zone_id, kind=kind, name=name, coordinator=coordinator, email=email
    )
    if errors:
        raise ValidationError(errors)
    service = AreaService(
        zone_id=zone_id,
        kind=kind,
        name=name.strip(),
        description=(description or "").strip(),
        coordinator=coordinator,
        email=(email or "").strip(),
        phone=(phone or "").strip(),
    )
    service.full_clean(validate_constraints=False)
    service.save()
    log_event(
        user=actor,
        obj=service,
        action=EventAction.CREATE,
        fields=["kind", "name", "description", "coordinator", "email", "phone"],
    )
    return service


@transaction.atomic
def area_service_update(
    *,
    actor,
    service: AreaService,
    kind: str,
    name: str,
    description: str = "",
    coordinator=None,
    email: str = "",
    phone: str = "",
) -> AreaService:
    _require_coordinator(actor, service.zone_id)
    service = AreaService.objects.select_for_update().get(pk=service.pk)
    errors = _service_errors(
        zone_id=service.zone_id,
        kind=kind,
        name=name,
        coordinator=coordinator,
        email=email,
        exclude_pk=service.pk,
    )
    if errors:
        raise ValidationError(errors)
    data = {
        "kind": kind,
        "name": name.strip(),
        "description": (description or "").strip(),
        "coordinator": coordinator,
        "email": (email or "").strip(),
        "phone": (phone or "").strip(),
    }
    changed = changed_fields(service, data)
    if not changed:
        return service
    for field, value in data.items():
        setattr(service, field, value)
    service.full_clean(validate_constraints=False)
    service.save()
    log_event(user=actor, obj=service, fields=changed)
    return service


@transaction.atomic
def area_service_member_add(
    *, actor, service: AreaService, user, role: str = "", joined_on: dt.date
) -> AreaServiceMember:
    """A user of the service's zone joins it; once while active (a member who left may join
    again later)."""
    _require_coordinator(actor, service.zone_id)
    # The service's row serialises two additions of the same person.
    service = AreaService.objects.select_for_update().get(pk=service.pk)
    errors: dict[str, str] = {}
    if user is None:
        errors["user"] = "Scegli l'operatore."
    elif not _works_in_zone(user, service.zone_id):
        errors["user"] = NOT_IN_ZONE
    elif service.members.filter(user=user, left_on__isnull=True).exists():
        errors["user"] = "L'operatore fa già parte di questo servizio di area."
    if joined_on is None:
        errors["joined_on"] = "Indica da quando l'operatore fa parte del servizio."
    elif joined_on > timezone.localdate() + dt.timedelta(days=366):
        errors["joined_on"] = "La data di ingresso è troppo lontana nel futuro."
    if len(role or "") > 100:
        errors["role"] = "Il ruolo può avere al massimo 100 caratteri."
    if errors:
        raise ValidationError(errors)
    member = AreaServiceMember(
        service=service, user=user, role=(role or "").strip(), joined_on=joined_on
    )
    member.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(
            {"user": "L'operatore fa già parte di questo servizio di area."}
        ) from None
    log_event(
        user=actor,
        obj=service,
        action=EventAction.LINK,
        fields=["members.user", "members.role", "members.joined_on"],
        zone_id=service.zone_id,
    )
    return member


@transaction.atomic
def area_service_member_remove(
    *, actor, member: AreaServiceMember, left_on: dt.date
) -> AreaServiceMember:
    service = member.service
    _require_coordinator(actor, service.zone_id)
    member = AreaServiceMember.objects.select_for_update().get(pk=member.pk)
    errors: dict[str, str] = {}
    if member.left_on is not None:
        errors["member"] = "L'operatore ha già lasciato il servizio di area."
    if left_on is None:
        errors["left_on"] = "Indica la data di uscita."
    elif left_on < member.joined_on:
        errors["left_on"] = "La data di uscita non può precedere quella di ingresso."
    if errors:
        raise ValidationError(errors)
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    log_event(
        user=actor,
        obj=service,
        action=EventAction.UNLINK,
        fields=["members.left_on"],
        zone_id=service.zone_id,
    )
    return member


# --- shared documents ------------------------------------------------------------------------


def _require_editor(actor, zone_id: int, perm: str) -> None:
    require_same_zone(actor, zone_id)
    require(actor, perm, message=NOT_EDITOR)


def _new_version(*, actor, document: SharedDocument, number: int, file, note: str):
    version = DocumentVersion(
        document=document, number=number, note=(note or "").strip(), uploaded_by=actor
    )
    errors: dict[str, str] = {}
    if len(version.note) > 300:
        errors["note"] = "La nota può avere al massimo 300 caratteri."
    if errors:
        raise ValidationError(errors)
    attach_upload(version, file)
    with deleted_if_failed(version.file.name):
        version.full_clean(exclude=["document"], validate_constraints=False)
        version.save()
    return version


@transaction.atomic
def shared_document_create(
    *,
    actor,
    kind: str,
    title: str,
    description: str = "",
    area_service: AreaService | None = None,
    file,
    note: str = "",
) -> SharedDocument:
    """A new shared document and its version 1 (the uploaded PDF/JPEG/PNG)."""
    require(actor, "network.add_shareddocument", message=NOT_EDITOR)
    zone_id = actor.zone_id
    errors: dict[str, str] = {}
    if kind not in SharedDocumentKind.values:
        errors["kind"] = "Scegli il tipo di documento."
    if not (title or "").strip():
        errors["title"] = "Indica il titolo del documento."
    elif len(title.strip()) > 300:
        errors["title"] = "Il titolo può avere al massimo 300 caratteri."
    if area_service is not None and area_service.zone_id != zone_id:
        errors["area_service"] = "Il servizio di area non è di questo ambito."
    if file is None:
        errors["file"] = "Scegli il file da caricare."
    if errors:
        raise ValidationError(errors)
    document = SharedDocument(
        zone_id=zone_id,
        kind=kind,
        title=title.strip(),
        description=(description or "").strip(),
        area_service=area_service,
        created_by=actor,
    )
    document.full_clean(validate_constraints=False)
    document.save()
    version = _new_version(actor=actor, document=document, number=1, file=file, note=note)
    log_event(
        user=actor,
        obj=document,
        action=EventAction.CREATE,
        fields=["kind", "title", "description", "area_service", "versions.file", "versions.note"],
    )
    document.current_version = version
    return document


@transaction.atomic
def shared_document_add_version(
    *, actor, document: SharedDocument, file, note: str = ""
) -> DocumentVersion:
    """The next version of a document (last number + 1, under a lock on the document's row):
    everyone has it to read again."""
    _require_editor(actor, document.zone_id, "network.change_shareddocument")
    document = SharedDocument.objects.select_for_update().get(pk=document.pk)
    if document.archived_on is not None:
        raise ValidationError(
            {"file": "Il documento è archiviato: non si possono aggiungere versioni."}
        )
    if file is None:
        raise ValidationError({"file": "Scegli il file da caricare."})
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = _new_version(actor=actor, document=document, number=last + 1, file=file, note=note)
    log_event(
        user=actor,
        obj=document,
        action=EventAction.CREATE,
        fields=["versions.number", "versions.file", "versions.note"],
    )
    return version


@transaction.atomic
def shared_document_archive(
    *, actor, document: SharedDocument, archived_on: dt.date | None = None
) -> SharedDocument:
    _require_editor(actor, document.zone_id, "network.change_shareddocument")
    document = SharedDocument.objects.select_for_update().get(pk=document.pk)
    if document.archived_on is not None:
        raise ValidationError({"archived_on": "Il documento è già archiviato."})
    day = archived_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"archived_on": "La data di archiviazione non può essere futura."})
    document.archived_on = day
    document.save(update_fields=["archived_on"])
    log_event(user=actor, obj=document, fields=["archived_on"])
    return document


@transaction.atomic
def document_mark_read(*, actor, version: DocumentVersion) -> ReadReceipt:
    """The actor confirms having read this version: one receipt per user and version (a
    second confirmation returns the first receipt and writes nothing)."""
    if not DocumentVersion.objects.visible_to(actor).filter(pk=version.pk).exists():
        raise NotAllowed(hide=True)
    receipt, created = ReadReceipt.objects.get_or_create(version=version, user=actor)
    if created:
        log_event(
            user=actor,
            obj=version,
            action=EventAction.CREATE,
            fields=["receipts.read_at"],
            zone_id=version.document.zone_id,
        )
    return receipt
