"""Writes of the territorial pact: its lines (PlanObjective rows of a Plan of kind "pact"),
the adhesions of the organisations (signature and withdrawal, with the signed document)."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.files import deleted_if_failed
from ambito.core.permissions import NotAllowed, require_same_zone
from ambito.core.uploads import checked_upload
from ambito.planning import services as planning
from ambito.planning.models import Plan

from ..choices import AdhesionRole
from ..models import Adhesion
from .common import NOT_ALLOWED, attach_upload, is_manager, require_manager, require_party

PACT = "pact"


def require_pact(pact, field: str = "pact") -> None:
    if pact is None or pact.kind != PACT:
        raise ValidationError({field: "Il piano indicato non è un patto territoriale."})


def require_acting_for(actor, organisation, perm: str) -> None:
    """The plan office, or an operator acting for `organisation` with `perm`. A user of the
    zone who is neither (the assembly, a social worker) is refused (403); an operator of
    another organisation does not see it (404)."""
    require_same_zone(actor, organisation.zone_id)
    if is_manager(actor):
        return
    if getattr(actor, "organisation_id", None) is None:
        raise NotAllowed(NOT_ALLOWED)
    require_party(actor, organisation, perm)


# --- lines -------------------------------------------------------------------------------


@transaction.atomic
def pact_line_add(*, actor, pact: Plan, code: str, title: str, description: str = ""):
    """A line of intervention of the pact: an objective of the pact's plan."""
    require_same_zone(actor, pact.zone_id)
    require_manager(actor, pact.zone_id)
    require_pact(pact)
    return planning.objective_add(
        actor=actor, plan=pact, code=code, title=title, description=(description or "").strip()
    )


# --- adhesions ---------------------------------------------------------------------------


def _date_text(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@transaction.atomic
def adhesion_sign(
    *,
    actor,
    pact: Plan,
    organisation,
    signed_on: dt.date,
    signatory: str,
    signatory_role: str = "",
    role: str = AdhesionRole.ADHERENT,
    document=None,
) -> Adhesion:
    """Record that `organisation` signed the pact. The plan office records it, or an operator
    of that organisation signs for it. Every error at once, nothing written on error."""
    require_same_zone(actor, pact.zone_id)
    require_acting_for(actor, organisation, "network.add_adhesion")
    require_pact(pact)
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    signatory = (signatory or "").strip()
    signatory_role = (signatory_role or "").strip()
    if organisation.zone_id != pact.zone_id:
        add("organisation", "L'ente non è di questo ambito.")
    if role not in AdhesionRole.values:
        add("role", "Ruolo non valido: ente promotore o ente aderente.")
    elif role == AdhesionRole.ADHERENT and organisation.kind != "third_sector":
        add(
            "organisation",
            "Aderisce al patto un ente del Terzo settore: per le istituzioni "
            "indica il ruolo «Ente promotore».",
        )
    elif role == AdhesionRole.PROMOTER and not is_manager(actor):
        add("role", "Solo l'ufficio di piano registra gli enti promotori.")
    if signed_on is None:
        add("signed_on", "Indica la data della sottoscrizione.")
    else:
        if signed_on > timezone.localdate():
            add("signed_on", "La data della sottoscrizione non può essere futura.")
        if signed_on > pact.period_end:
            add(
                "signed_on",
                f"Il patto è scaduto il {_date_text(pact.period_end)}: non si sottoscrive "
                "dopo la sua scadenza.",
            )
    if not signatory:
        add("signatory", "Indica chi ha firmato per l'ente.")
    open_one = (
        Adhesion.objects.select_for_update()
        .filter(pact=pact, organisation=organisation, withdrawn_on__isnull=True)
        .first()
    )
    if open_one is not None:
        add(
            "organisation",
            f"L'ente ha già un'adesione in corso a questo patto, sottoscritta il "
            f"{_date_text(open_one.signed_on)}: registra prima il recesso.",
        )
    if document is not None:
        try:
            checked_upload(document, "document")
        except ValidationError as error:
            for message in error.messages:
                add("document", message)
    if errors:
        raise ValidationError(errors)
    adhesion = Adhesion(
        zone_id=pact.zone_id,
        pact=pact,
        organisation=organisation,
        role=role,
        signed_on=signed_on,
        signatory=signatory,
        signatory_role=signatory_role,
        recorded_by=actor,
    )
    if document is not None:
        attach_upload(adhesion, document)
    guard = deleted_if_failed(adhesion.file.name) if document is not None else nullcontext()
    with guard:
        adhesion.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                adhesion.save()
        except IntegrityError:
            # A concurrent request recorded the same adhesion (adhesion_one_open_per_pact).
            raise ValidationError(
                {"organisation": "L'ente ha già un'adesione in corso a questo patto."}
            ) from None
    log_event(user=actor, obj=adhesion, action=EventAction.CREATE, fields=["*"])
    return adhesion


@transaction.atomic
def adhesion_attach_document(*, actor, adhesion: Adhesion, document) -> Adhesion:
    """Attach (or replace) the signed act of an adhesion."""
    adhesion = Adhesion.objects.select_for_update().get(pk=adhesion.pk)
    require_acting_for(actor, adhesion.organisation, "network.change_adhesion")
    checked_upload(document, "document")
    attach_upload(adhesion, document)
    with deleted_if_failed(adhesion.file.name):
        adhesion.save(update_fields=["file", "file_name", "content_type", "size"])
    log_event(user=actor, obj=adhesion, fields=["file"])
    return adhesion


@transaction.atomic
def adhesion_withdraw(*, actor, adhesion: Adhesion, withdrawn_on: dt.date, reason: str) -> Adhesion:
    """The organisation leaves the pact (recorded by the plan office or by the organisation's
    operator): a reason and a date not before the signature nor in the future."""
    adhesion = (
        Adhesion.objects.select_for_update().select_related("organisation").get(pk=adhesion.pk)
    )
    require_acting_for(actor, adhesion.organisation, "network.change_adhesion")
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    if adhesion.withdrawn_on is not None:
        errors.setdefault("withdrawn_on", []).append(
            f"Il recesso è già registrato, dal {_date_text(adhesion.withdrawn_on)}."
        )
    if withdrawn_on is None:
        errors.setdefault("withdrawn_on", []).append("Indica la data del recesso.")
    else:
        if withdrawn_on < adhesion.signed_on:
            errors.setdefault("withdrawn_on", []).append(
                f"Il recesso non può precedere la sottoscrizione "
                f"({_date_text(adhesion.signed_on)})."
            )
        if withdrawn_on > timezone.localdate():
            errors.setdefault("withdrawn_on", []).append(
                "La data del recesso non può essere futura."
            )
    if not reason:
        errors.setdefault("reason", []).append("Indica il motivo del recesso.")
    if errors:
        raise ValidationError(errors)
    adhesion.withdrawn_on = withdrawn_on
    adhesion.withdrawal_reason = reason
    adhesion.full_clean()
    adhesion.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    log_event(user=actor, obj=adhesion, fields=["withdrawn_on", "withdrawal_reason"])
    return adhesion
