"""The social report to the court: templates, drafting from the record, versions, signature
and delivery.

A template is text with placeholders, rendered by Django's template engine in a sandbox: an
engine of its own with no loaders (no `{% include %}`/`{% extends %}` of files), no extra
tag libraries, no autoescape (the output is plain text), and a context of plain strings and
lists built here (`report_context`): no model instance reaches the template, so a
placeholder cannot call a method or walk to other rows.

Every save is a new `ReportVersion` (the previous ones kept). Signing fixes the latest
version: the signer, the moment and the SHA-256 of its text (UTF-8) are stored, and the
report accepts no further version. Delivery records the date and the protocol number of the
filing; the order becomes "report delivered"; on time when on or before the due date."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template import (
    Context,
    Engine,
    Library,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.utils import timezone

from ambito.core.audit import log_event
from ambito.core.choices import EventAction
from ambito.core.permissions import require, require_same_zone

from ..choices import OrderStatus, ReportStatus
from ..models import CourtOrder, ReportTemplate, ReportVersion, SocialReport
from .common import NOT_ALLOWED, require_case_access

# Tags a report's text may not use: reading files ({% include %}, {% extends %}), loading
# libraries, dumping the interpreter's state ({% debug %}), URLs and tokens of the page.
FORBIDDEN_TAGS = {"debug", "load", "url", "csrf_token", "include", "extends", "block"}


def _sandbox() -> Engine:
    engine = Engine(loaders=[], libraries={}, autoescape=False, debug=False)
    allowed = Library()
    allowed.tags = {k: v for k, v in defaulttags.register.tags.items() if k not in FORBIDDEN_TAGS}
    allowed.filters = dict(defaultfilters.register.filters)
    engine.template_builtins = [allowed]
    return engine


ENGINE = _sandbox()
MAX_BODY = 200_000
DIARY_ENTRIES = 10

PLACEHOLDERS = (
    ("minore.nome_completo", "Nome e cognome del minore"),
    ("minore.data_nascita", "Data di nascita del minore (gg/mm/aaaa)"),
    ("minore.comune", "Comune di residenza del minore"),
    ("nucleo", "Componenti del nucleo: per ognuno nome_completo, relazione, data_nascita"),
    ("cartella.numero", "Numero della cartella"),
    ("cartella.case_manager", "Case manager"),
    ("provvedimento.autorita", "Autorità giudiziaria"),
    ("provvedimento.tipo", "Tipo di provvedimento"),
    ("provvedimento.rg", "Riferimento (n. RG)"),
    ("provvedimento.data", "Data del provvedimento"),
    ("provvedimento.oggetto", "Oggetto"),
    ("provvedimento.scadenza", "Scadenza della relazione"),
    ("interventi", "Interventi della cartella: per ognuno tipo, dal, al, stato"),
    ("diario", "Ultime voci del diario (non sanitarie): per ognuna data, tipo, testo"),
    ("oggi", "Data di oggi"),
)


def _d(day) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def compile_template(body: str):
    try:
        return ENGINE.from_string(body)
    except TemplateSyntaxError:
        raise ValidationError(
            {
                "body": "Il modello contiene un segnaposto non valido o un comando non ammesso: "
                "controlla le doppie graffe e i comandi for/if."
            }
        ) from None


def report_context(order: CourtOrder) -> dict:
    """The record as plain strings: the minor, the household, the case, the order, the
    interventions and the non-health diary entries."""
    from ambito.registry.models import HouseholdMember

    case = order.case
    minor = order.minor or case.person
    household = []
    if case.household_id:
        for member in (
            HouseholdMember.objects.filter(household_id=case.household_id, end_date__isnull=True)
            .select_related("person")
            .order_by("person__birth_date")
        ):
            household.append(
                {
                    "nome_completo": member.person.full_name,
                    "relazione": member.get_relationship_display(),
                    "data_nascita": _d(member.person.birth_date),
                }
            )
    interventions = [
        {
            "tipo": str(i.intervention_type),
            "dal": _d(i.start_on),
            "al": _d(i.end_on),
            "stato": i.get_status_display(),
        }
        for i in case.interventions.select_related("intervention_type").order_by("start_on")
    ]
    diary = [
        {"data": _d(e.happened_at.date()), "tipo": e.get_kind_display(), "testo": e.text}
        for e in case.diary.filter(health=False)[:DIARY_ENTRIES]
    ]
    return {
        "minore": {
            "nome": minor.first_name,
            "cognome": minor.last_name,
            "nome_completo": minor.full_name,
            "data_nascita": _d(minor.birth_date),
            "comune": minor.residence_municipality.name,
        },
        "nucleo": household,
        "cartella": {
            "numero": case.number,
            "case_manager": _name(case.case_manager),
            "aperta_il": _d(case.opened_at.date()),
        },
        "provvedimento": {
            "autorita": order.get_authority_display(),
            "tipo": order.get_kind_display(),
            "rg": order.reference,
            "data": _d(order.order_date),
            "ricevuto_il": _d(order.received_date),
            "oggetto": order.subject,
            "scadenza": _d(order.due_date),
        },
        "interventi": interventions,
        "diario": diary,
        "oggi": _d(timezone.localdate()),
    }


def render_report(body: str, order: CourtOrder) -> str:
    return compile_template(body).render(Context(report_context(order), autoescape=False))


# --- templates -------------------------------------------------------------------------------


def template_save(*, actor, template=None, name: str, body: str, active: bool = True):
    perm = "protection.change_reporttemplate" if template else "protection.add_reporttemplate"
    require(actor, perm, message=NOT_ALLOWED)
    if template is not None:
        require_same_zone(actor, template.zone_id)
    errors = {}
    if not (name or "").strip():
        errors["name"] = "Indica il nome del modello."
    if not (body or "").strip():
        errors["body"] = "Il testo del modello è vuoto."
    elif len(body) > MAX_BODY:
        errors["body"] = "Il testo del modello è troppo lungo."
    if errors:
        raise ValidationError(errors)
    compile_template(body)
    with transaction.atomic():
        if template is None:
            template = ReportTemplate.objects.create(
                zone_id=actor.zone_id, name=name.strip(), body=body, active=active
            )
            log_event(user=actor, obj=template, action=EventAction.CREATE, fields=["*"])
        else:
            template.name, template.body, template.active = name.strip(), body, active
            template.save()
            log_event(user=actor, obj=template, fields=["name", "body", "active"])
    return template


# --- reports ---------------------------------------------------------------------------------


def _add_version(actor, report, body: str) -> ReportVersion:
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    return ReportVersion.objects.create(report=report, number=last + 1, body=body, created_by=actor)


def report_draft(*, actor, order, template=None) -> SocialReport:
    """Draft the order's report from a template of the zone filled from the record (no
    template: an empty first version)."""
    require_case_access(actor, order.case, "protection.add_socialreport")
    if SocialReport.objects.filter(order=order).exists():
        raise ValidationError({"order": "La relazione di questo provvedimento esiste già."})
    if order.status == OrderStatus.CLOSED:
        raise ValidationError({"order": "Il provvedimento è chiuso: non si redige la relazione."})
    if template is not None and template.zone_id != order.zone_id:
        raise ValidationError({"template": "Modello non trovato in questo ambito."})
    body = render_report(template.body, order) if template else ""
    with transaction.atomic():
        report = SocialReport.objects.create(
            zone_id=order.zone_id, order=order, template=template, created_by=actor
        )
        _add_version(actor, report, body)
        log_event(
            user=actor,
            obj=report,
            action=EventAction.CREATE,
            fields=["*"],
            person=order.case.person,
        )
    return report


def _locked(report) -> SocialReport:
    return SocialReport.objects.select_for_update().select_related("order__case").get(pk=report.pk)


def report_save(*, actor, report, body: str) -> ReportVersion:
    """A new version of the report's text; refused once the report is signed."""
    require_case_access(actor, report.order.case, "protection.change_socialreport")
    if len(body or "") > MAX_BODY:
        raise ValidationError({"body": "Il testo della relazione è troppo lungo."})
    if not (body or "").strip():
        raise ValidationError({"body": "Il testo della relazione è vuoto."})
    with transaction.atomic():
        report = _locked(report)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError(
                {"body": "La relazione è firmata: il testo firmato non si modifica più."}
            )
        version = _add_version(actor, report, body)
        log_event(user=actor, obj=report, fields=["body"], person=report.order.case.person)
    return version


def text_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def report_sign(*, actor, report) -> SocialReport:
    """Sign the latest version: it is frozen, with its SHA-256."""
    require_case_access(actor, report.order.case, "protection.sign_report")
    with transaction.atomic():
        report = _locked(report)
        if report.status != ReportStatus.DRAFT:
            raise ValidationError({"status": "La relazione è già firmata."})
        version = report.versions.order_by("-number").first()
        if version is None or not version.body.strip():
            raise ValidationError({"body": "La relazione è vuota: scrivila prima di firmarla."})
        report.signed_version = version
        report.signed_by = actor
        report.signed_at = timezone.now()
        report.signed_sha256 = text_sha256(version.body)
        report.status = ReportStatus.SIGNED
        report.save()
        log_event(
            user=actor,
            obj=report,
            fields=["status", "signed_version", "signed_by", "signed_at", "signed_sha256"],
            person=report.order.case.person,
        )
    return report


def report_deliver(*, actor, report, delivered_on: dt.date | None, protocol_number: str):
    """Record the filing with the court; the order becomes "report delivered"."""
    require_case_access(actor, report.order.case, "protection.sign_report")
    with transaction.atomic():
        report = _locked(report)
        order = report.order
        errors = {}
        if delivered_on is None:
            errors["delivered_on"] = "Indica la data di consegna."
        elif delivered_on > timezone.localdate():
            errors["delivered_on"] = "La data di consegna non può essere nel futuro."
        elif delivered_on < order.order_date:
            errors["delivered_on"] = (
                "La consegna non può precedere la data del provvedimento "
                f"({order.order_date:%d/%m/%Y})."
            )
        elif report.signed_at and delivered_on < timezone.localtime(report.signed_at).date():
            errors["delivered_on"] = "La consegna non può precedere la firma della relazione."
        if not (protocol_number or "").strip():
            errors["protocol_number"] = "Indica il numero di protocollo della consegna."
        if report.status == ReportStatus.DRAFT:
            errors["status"] = "Firma la relazione prima di consegnarla."
        elif report.status == ReportStatus.DELIVERED:
            errors["status"] = "La relazione è già stata consegnata."
        if errors:
            raise ValidationError(errors)
        report.delivered_on = delivered_on
        report.protocol_number = protocol_number.strip()
        report.status = ReportStatus.DELIVERED
        report.save(update_fields=["delivered_on", "protocol_number", "status"])
        CourtOrder.objects.filter(pk=order.pk, status=OrderStatus.OPEN).update(
            status=OrderStatus.REPORTED
        )
        log_event(
            user=actor,
            obj=report,
            fields=["delivered_on", "protocol_number", "status"],
            person=order.case.person,
        )
    report.order.refresh_from_db()
    return report
