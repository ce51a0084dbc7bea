"""§2 Contacts API: the daily list of an access point, recording a contact, the callback queue.

Same rules as the pages: reads through the selectors (scoped, logged), writes through the
services (validated, logged); what the caller may not see is a 404."""

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from ambito.catalog.models import NeedArea, Service
from ambito.core.api_pagination import AmbitoPagination
from ambito.core.api_schemas import READ_ERRORS, WRITE_ERRORS, Ref
from ambito.core.permissions import require
from ambito.registry.models import Person
from ambito.territory.models import AccessPoint, Municipality, Organisation

from . import selectors, services
from .choices import Channel, ContactStatus, Outcome, ReferralKind

router = Router(tags=["Accessi"])

NOT_VISIBLE = "Nessuna persona con questo identificativo tra quelle che puoi consultare."


class ContactOut(Schema):
    uuid: UUID
    access_point: Ref = Field(..., description="Punto di accesso.")
    started_at: datetime = Field(..., description="Data e ora dell'accesso.")
    ended_at: datetime | None = None
    minutes_spent: int | None = Field(None, description="Minuti dedicati.")
    channel: Channel
    person: UUID | None = Field(None, description="Persona identificata (null se anonimo).")
    municipality: Ref | None = Field(None, description="Comune di residenza della persona.")
    need_areas: list[str] = Field(..., description="Codici delle aree di bisogno.")
    request_text: str
    answer_text: str
    outcome: str = Field(..., description="Esito (vuoto se non indicato).")
    referral_kind: str
    referral_service: UUID | None = None
    referral_organisation: UUID | None = None
    referral_office: str
    status: ContactStatus
    requester_name: str = Field(..., description="Nome di chi ha chiesto di essere richiamato.")
    requester_contact: str = Field(..., description="Recapito indicato nella richiesta web.")
    cancelled_at: datetime | None = Field(
        None,
        description="Annullato da chi l'aveva registrato, il giorno stesso (null se valido): "
        "resta nell'elenco e non conta nell'osservatorio.",
    )

    @staticmethod
    def resolve_person(obj):
        return obj.person.uuid if obj.person_id else None

    @staticmethod
    def resolve_need_areas(obj):
        return [area.code for area in obj.need_areas.all()]

    @staticmethod
    def resolve_referral_service(obj):
        return obj.referral_service.uuid if obj.referral_service_id else None

    @staticmethod
    def resolve_referral_organisation(obj):
        return obj.referral_organisation.uuid if obj.referral_organisation_id else None


class ContactIn(Schema):
    access_point: UUID = Field(..., description="Punto di accesso dell'ambito.")
    started_at: datetime | None = Field(None, description="Data e ora; se assente, adesso.")
    ended_at: datetime | None = None
    minutes_spent: int | None = Field(None, ge=0, le=600)
    channel: Channel = Channel.DESK
    person: UUID | None = Field(None, description="Persona identificata; assente se anonimo.")
    municipality: UUID | None = Field(None, description="Comune di residenza (anche anonimo).")
    need_areas: list[str] = Field(default_factory=list, description="Codici delle aree.")
    request_text: str = Field("", max_length=5000)
    answer_text: str = Field("", max_length=5000)
    outcome: Outcome | None = None
    referral_kind: ReferralKind = ReferralKind.NONE
    referral_service: UUID | None = Field(None, description="Servizio pubblicato della carta.")
    referral_organisation: UUID | None = None
    referral_office: str = Field("", max_length=200)


class DayFilters(Schema):
    access_point: UUID = Field(..., description="Punto di accesso.")
    day: date | None = Field(None, description="Giorno (AAAA-MM-GG); oggi se assente.")


def _aware(value: datetime | None) -> datetime | None:
    """Times without an offset are Italian local times (Europe/Rome)."""
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _by_uuid(model, uuid: UUID | None, field: str, errors: dict, message: str):
    if uuid is None:
        return None
    found = model.objects.filter(uuid=uuid).first()
    if found is None:
        errors[field] = [message]
    return found


@router.get(
    "/contacts",
    response={200: list[ContactOut], **READ_ERRORS},
    summary="Accessi di un punto di accesso in un giorno",
    description="Gli accessi di un punto di accesso del tuo ambito nel giorno indicato "
    "(oggi se assente), in ordine di ora. Gli accessi di persone che non puoi consultare non "
    "compaiono. La lettura di dati personali è registrata.",
)
@paginate(AmbitoPagination)
def list_contacts(request, filters: Query[DayFilters]):
    require(request.user, "access.view_contact")
    day = filters.day
    try:
        point = selectors.access_point_get(user=request.user, uuid=filters.access_point)
    except AccessPoint.DoesNotExist:
        raise Http404 from None
    return selectors.contact_list_for_access_point(
        user=request.user, access_point=point, day=day or timezone.localdate()
    )


@router.get(
    "/contacts/callbacks",
    response={200: list[ContactOut], **READ_ERRORS},
    summary="Richieste da richiamare",
    description="Le richieste arrivate dal sito pubblico e non ancora richiamate, dalla più "
    "vecchia. La lettura è registrata.",
)
@paginate(AmbitoPagination)
def list_callbacks(request):
    require(request.user, "access.view_contact")
    return selectors.callback_queue(user=request.user)


@router.post(
    "/contacts",
    response={201: ContactOut, **WRITE_ERRORS},
    summary="Registra un accesso",
    description="Registra un accesso a un punto di accesso del tuo ambito. La persona, se "
    "indicata, deve essere tra quelle che puoi consultare; l'orientamento verso un servizio "
    "è ammesso solo verso servizi pubblicati dell'ambito.",
)
def create_contact(request, payload: ContactIn):
    require(request.user, "access.add_contact")
    errors: dict[str, list[str]] = {}
    access_point = _by_uuid(
        AccessPoint, payload.access_point, "access_point", errors, "Punto di accesso non trovato."
    )
    person = None
    if payload.person is not None:
        person = Person.objects.visible_to(request.user).filter(uuid=payload.person).first()
        if person is None:
            errors["person"] = [NOT_VISIBLE]
    municipality = _by_uuid(
        Municipality, payload.municipality, "municipality", errors, "Comune non trovato."
    )
    service = _by_uuid(
        Service,
        payload.referral_service,
        "referral_service",
        errors,
        "Si può orientare solo verso servizi pubblicati.",
    )
    organisation = _by_uuid(
        Organisation,
        payload.referral_organisation,
        "referral_organisation",
        errors,
        "Ente non trovato.",
    )
    areas = list(NeedArea.objects.filter(code__in=payload.need_areas))
    unknown = set(payload.need_areas) - {area.code for area in areas}
    if unknown:
        errors["need_areas"] = [f"Aree di bisogno sconosciute: {', '.join(sorted(unknown))}."]
    if errors:
        raise ValidationError(errors)
    contact = services.contact_record(
        actor=request.user,
        data={
            "access_point": access_point,
            "started_at": _aware(payload.started_at),
            "ended_at": _aware(payload.ended_at),
            "minutes_spent": payload.minutes_spent,
            "channel": payload.channel,
            "person": person,
            "municipality": municipality,
            "need_areas": areas,
            "request_text": payload.request_text,
            "answer_text": payload.answer_text,
            "outcome": payload.outcome or "",
            "referral_kind": payload.referral_kind,
            "referral_service": service,
            "referral_organisation": organisation,
            "referral_office": payload.referral_office,
        },
    )
    return Status(201, contact)
