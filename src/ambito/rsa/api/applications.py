"""Applications, offers and admissions of the RSA waiting lists under /api/v1/rsa/, scoped as
the pages: the plan office sees the zone's applications, a social worker those of the cases
they see (and submits from them); offers are read and answered by the plan office or the
structure's managing body, which also records the admission of the applicant offered a bed.
An object out of scope is a 404; every read of an applicant is logged."""

from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Money, Percent, Ref
from ambito.core.audit import log_access, log_persons_shown
from ambito.core.permissions import NotAllowed, require

from .. import selectors
from ..choices import ApplicationStatus, OfferReply
from ..models import Offer, Structure
from ..services import applications as services
from ..services.common import is_body_of, is_manager

router = Router(tags=["Liste d'attesa RSA"])

VIEW_APPLICATION = "rsa.view_application"
STATUSES = ", ".join(ApplicationStatus.values)
REPLIES = ", ".join(v for v in OfferReply.values if v)


class RsaEvaluationOut(Schema):
    evaluated_on: date
    health_score: Decimal = Field(description="Punteggio sanitario/funzionale (0-100)")
    lives_alone: bool
    caregiver: bool
    isee: Money | None
    hospital_discharge: bool
    urgent_social: bool
    base_score: Decimal = Field(description="Punteggio della valutazione")
    penalty: Decimal
    score: Decimal
    priority_class: str
    sheet: str = Field(description="Scheda di punteggio applicata")


class RsaApplicationOut(Schema):
    uuid: UUID
    number: str
    person: str = Field(description="Nome e cognome del richiedente")
    municipality: str
    case: UUID | None
    submitted_on: date
    status: str = Field(description=f"Uno tra: {STATUSES}")
    score: Decimal
    priority_class: str


class RsaPreferenceOut(Schema):
    rank: int = Field(description="Ordine della preferenza")
    structure: Ref
    position: int | None = Field(description="Posizione nella graduatoria della struttura")
    reason: str = Field(description="Perché occupa questa posizione")


class RsaOfferOut(Schema):
    uuid: UUID
    application: UUID
    structure: Ref
    offered_on: date
    reply: str = Field(description=f"Vuota (in attesa) o una tra: {REPLIES}")
    replied_on: date | None
    justified: bool
    reason: str
    effect: str = Field(description="Effetto della risposta sulla posizione")


class RsaAdmissionOut(Schema):
    uuid: UUID
    application: UUID
    structure: Ref
    admitted_on: date
    ended_on: date | None
    monthly_fee: Money
    municipal_percent: Percent
    municipal_share: Money


class RsaApplicationDetailOut(RsaApplicationOut):
    contact: str
    evaluation: RsaEvaluationOut
    preferences: list[RsaPreferenceOut]
    offers: list[RsaOfferOut]
    admission: RsaAdmissionOut | None


class RsaApplicationFilters(Schema):
    status: str | None = Field(None, description=f"Uno tra: {STATUSES}")
    structure: UUID | None = Field(None, description="Solo le domande che indicano questa RSA")


class RsaApplicationIn(Schema):
    case: UUID = Field(description="La cartella della persona")
    structures: list[UUID] = Field(description="Le RSA preferite, in ordine", max_length=5)
    submitted_on: date
    evaluated_on: date
    health_score: Decimal = Field(ge=0, le=100, max_digits=5, decimal_places=2)
    lives_alone: bool = False
    caregiver: bool = False
    isee: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    hospital_discharge: bool = False
    urgent_social: bool = False


class RsaOfferIn(Schema):
    structure: UUID
    offered_on: date


class RsaReplyIn(Schema):
    reply: str = Field(description=f"Una tra: {REPLIES}")
    replied_on: date
    justified: bool = False
    reason: str = Field("", max_length=300)


class RsaAdmissionIn(Schema):
    structure: UUID | None = Field(None, description="Per un'offerta: la sua struttura")
    admitted_on: date
    monthly_fee: Decimal = Field(ge=0, le=100000, max_digits=9, decimal_places=2)


def _ref(obj) -> dict:
    return {"uuid": obj.uuid, "name": obj.name}


def _application_out(a) -> dict:
    return {
        "uuid": a.uuid,
        "number": a.number,
        "person": a.person.full_name,
        "municipality": a.municipality.name,
        "case": a.case.uuid if a.case_id else None,
        "submitted_on": a.submitted_on,
        "status": a.status,
        "score": a.score,
        "priority_class": a.get_priority_class_display(),
    }


def _offer_out(o) -> dict:
    return {
        "uuid": o.uuid,
        "application": o.application.uuid,
        "structure": _ref(o.structure),
        "offered_on": o.offered_on,
        "reply": o.reply,
        "replied_on": o.replied_on,
        "justified": o.justified,
        "reason": o.reason,
        "effect": o.effect,
    }


def _admission_out(a) -> dict:
    return {
        "uuid": a.uuid,
        "application": a.application.uuid,
        "structure": _ref(a.structure),
        "admitted_on": a.admitted_on,
        "ended_on": a.ended_on,
        "monthly_fee": a.monthly_fee,
        "municipal_percent": a.municipal_percent,
        "municipal_share": a.municipal_share,
    }


def _application(request, uuid):
    application = selectors.application_for(request.user, uuid)
    if application is None:
        raise Http404
    return application


def _detail(application) -> dict:
    detail = selectors.application_detail(application)
    positions = {s.pk: entry for s, entry in detail["positions"]}
    evaluation = {
        f: getattr(application, f)
        for f in (
            "evaluated_on",
            "health_score",
            "lives_alone",
            "caregiver",
            "isee",
            "hospital_discharge",
            "urgent_social",
            "base_score",
            "penalty",
            "score",
        )
    }
    evaluation["priority_class"] = application.get_priority_class_display()
    evaluation["sheet"] = str(application.sheet)
    admission = detail["admission"]
    return {
        **_application_out(application),
        "contact": application.contact,
        "evaluation": evaluation,
        "preferences": [
            {
                "rank": p.rank,
                "structure": _ref(p.structure),
                "position": positions[p.structure_id].position
                if p.structure_id in positions
                else None,
                "reason": positions[p.structure_id].reason if p.structure_id in positions else "",
            }
            for p in detail["preferences"]
        ],
        "offers": [_offer_out(o) for o in detail["offers"]],
        "admission": _admission_out(admission) if admission else None,
    }


def _structure_of_zone(zone_id, uuid, field: str = "structure"):
    structure = Structure.objects.filter(uuid=uuid, zone_id=zone_id).first()
    if structure is None:
        raise ValidationError({field: ["RSA non trovata in questo ambito."]})
    return structure


def _offer(request, uuid):
    offer = (
        Offer.objects.visible_to(request.user)
        .select_related("structure", "application__person")
        .filter(uuid=uuid)
        .first()
    )
    if offer is None:
        raise Http404
    return offer


@router.get(
    "/domande", response={200: list[RsaApplicationOut], **READ_ERRORS}, summary="Domande RSA"
)
@paginate(AmbitoPagination)
def list_applications(request, filters: Query[RsaApplicationFilters]):
    require(request.user, VIEW_APPLICATION)
    if filters.status and filters.status not in ApplicationStatus.values:
        raise ValidationError({"status": [f"Stato non valido: usa uno tra {STATUSES}."]})
    structure = None
    if filters.structure:
        structure = selectors.structure_for(request.user, filters.structure)
        if structure is None:
            return []
    rows = list(
        selectors.applications_for(request.user, status=filters.status or "", structure=structure)
    )
    log_persons_shown(
        user=request.user, rows=rows, person_field="person", object_type="rsa.application"
    )
    return [_application_out(a) for a in rows]


@router.get(
    "/domande/{uuid}",
    response={200: RsaApplicationDetailOut, **READ_ERRORS},
    summary="Una domanda RSA con la valutazione e la posizione in ogni graduatoria",
)
def get_application(request, uuid: UUID):
    require(request.user, VIEW_APPLICATION)
    return _detail(_application(request, uuid))


@router.post(
    "/domande",
    response={201: RsaApplicationDetailOut, **WRITE_ERRORS},
    summary="Registra una domanda RSA dalla cartella della persona",
)
def create_application(request, payload: RsaApplicationIn):
    from ambito.cases.models import Case

    require(request.user, "rsa.add_application", message="Non puoi registrare domande RSA.")
    case = (
        Case.objects.visible_to(request.user)
        .select_related("person")
        .filter(uuid=payload.case)
        .first()
    )
    if case is None:
        raise Http404
    structures = list(Structure.objects.filter(zone_id=case.zone_id, uuid__in=payload.structures))
    by_uuid = {s.uuid: s for s in structures}
    if len(set(payload.structures)) != len(by_uuid):
        if len(set(payload.structures)) != len(payload.structures):
            raise ValidationError({"structures": ["Ogni struttura si indica una volta sola."]})
        raise ValidationError(
            {"structures": ["Una struttura indicata non è un'RSA di questo ambito."]}
        )
    application = services.application_create(
        actor=request.user,
        person=case.person,
        case=case,
        structures=[by_uuid[u] for u in payload.structures],
        submitted_on=payload.submitted_on,
        evaluated_on=payload.evaluated_on,
        health_score=payload.health_score,
        lives_alone=payload.lives_alone,
        caregiver=payload.caregiver,
        isee=payload.isee,
        hospital_discharge=payload.hospital_discharge,
        urgent_social=payload.urgent_social,
    )
    return Status(201, _detail(_application(request, application.uuid)))


@router.post(
    "/domande/{uuid}/offerte",
    response={201: RsaOfferOut, **WRITE_ERRORS},
    summary="Offre un posto letto a una domanda in lista",
)
def create_offer(request, uuid: UUID, payload: RsaOfferIn):
    require(request.user, VIEW_APPLICATION)
    application = _application(request, uuid)
    structure = _structure_of_zone(application.zone_id, payload.structure)
    offer = services.offer_make(
        actor=request.user,
        application=application,
        structure=structure,
        offered_on=payload.offered_on,
    )
    return Status(201, _offer_out(offer))


@router.get("/offerte/{uuid}", response={200: RsaOfferOut, **READ_ERRORS}, summary="Un'offerta")
def get_offer(request, uuid: UUID):
    require(request.user, "rsa.view_offer")
    offer = _offer(request, uuid)
    log_access(user=request.user, obj=offer, person=offer.application.person)
    return _offer_out(offer)


@router.post(
    "/offerte/{uuid}/risposta",
    response={200: RsaOfferOut, **WRITE_ERRORS},
    summary="Registra l'accettazione o il rifiuto di un posto offerto",
)
def reply_offer(request, uuid: UUID, payload: RsaReplyIn):
    require(request.user, "rsa.view_offer")
    offer = _offer(request, uuid)
    offer = services.offer_reply(
        actor=request.user,
        offer=offer,
        reply=payload.reply,
        replied_on=payload.replied_on,
        justified=payload.justified,
        reason=payload.reason,
    )
    return _offer_out(offer)


def _admit(request, application, structure, payload) -> dict:
    admission = services.admission_record(
        actor=request.user,
        application=application,
        structure=structure,
        admitted_on=payload.admitted_on,
        monthly_fee=payload.monthly_fee,
    )
    return _admission_out(admission)


@router.post(
    "/domande/{uuid}/ingresso",
    response={201: RsaAdmissionOut, **WRITE_ERRORS},
    summary="Registra l'ingresso in RSA (rifiutato se la struttura è al completo)",
)
def create_admission(request, uuid: UUID, payload: RsaAdmissionIn):
    require(request.user, VIEW_APPLICATION)
    application = _application(request, uuid)
    if payload.structure is None:
        raise ValidationError({"structure": ["Indica la RSA dell'ingresso."]})
    structure = _structure_of_zone(application.zone_id, payload.structure)
    return Status(201, _admit(request, application, structure, payload))


@router.post(
    "/offerte/{uuid}/ingresso",
    response={201: RsaAdmissionOut, **WRITE_ERRORS},
    summary="Registra l'ingresso di chi ha avuto il posto offerto (ente gestore)",
)
def create_offer_admission(request, uuid: UUID, payload: RsaAdmissionIn):
    require(request.user, "rsa.view_offer")
    offer = _offer(request, uuid)
    if not (is_manager(request.user) or is_body_of(request.user, offer.structure)):
        raise NotAllowed("Solo l'Ufficio di Piano o l'ente gestore registra l'ingresso.")
    return Status(201, _admit(request, offer.application, offer.structure, payload))
