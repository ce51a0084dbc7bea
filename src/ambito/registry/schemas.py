"""Input and output schemas of the registry API (§3).

Records are identified by UUID only: integer keys never leave the server. Dates are ISO
(yyyy-mm-dd), amounts are decimal strings in euro."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from ambito.core.api_schemas import ErrorOut, Money, ValidationErrorOut  # noqa: F401

from .choices import IseeKind, LegalBasis, Relationship, Sex

# --- conflicts -----------------------------------------------------------------------------


class DuplicateOut(Schema):
    code: Literal["duplicate"] = Field("duplicate", description="Tipo di conflitto.")
    detail: str
    existing: UUID | None = Field(
        ...,
        description="La persona già registrata con questo codice fiscale, se puoi consultarla; "
        "null se risiede in un comune che non segui.",
    )


class ConfirmationOut(Schema):
    code: Literal["needs_confirmation"] = Field(
        "needs_confirmation", description="Tipo di conflitto."
    )
    detail: str
    warnings: list[str] = Field(..., description="Avvisi da verificare prima di salvare.")
    homonyms: list[UUID] = Field(
        ...,
        description="Persone con stesso nome, cognome e data di nascita che puoi consultare. "
        "Per salvare comunque, ripeti la richiesta con «confirmed»: true.",
    )


# --- persons -------------------------------------------------------------------------------


class MunicipalityRef(Schema):
    uuid: UUID
    name: str = Field(..., description="Nome del comune.")


class PersonSummary(Schema):
    uuid: UUID
    fiscal_code: str = Field(..., description="Codice fiscale.")
    last_name: str = Field(..., description="Cognome.")
    first_name: str = Field(..., description="Nome.")
    birth_date: date = Field(..., description="Data di nascita (dal codice fiscale).")
    sex: Sex = Field(..., description="Sesso (dal codice fiscale): F o M.")
    residence_municipality: MunicipalityRef = Field(..., description="Comune di residenza.")


class PersonDetail(PersonSummary):
    birth_place: str = Field(..., description="Luogo di nascita (dal codice fiscale).")
    birth_place_code: str = Field(..., description="Codice catastale del luogo di nascita.")
    citizenship: str = Field(..., description="Cittadinanza.")
    residence_address: str = Field(..., description="Indirizzo di residenza.")
    domicile_address: str = Field(..., description="Domicilio, se diverso dalla residenza.")
    phone: str = Field(..., description="Telefono.")
    email: str = Field(..., description="Email.")
    language: str = Field(..., description="Lingua.")
    legal_guardian: str = Field(..., description="Tutore o amministratore di sostegno.")
    privacy_notice_date: date | None = Field(
        ..., description="Data di consegna dell'informativa privacy."
    )
    legal_basis: LegalBasis = Field(..., description="Base giuridica del trattamento (GDPR).")
    household: UUID | None = Field(
        None, description="Nucleo familiare di cui la persona fa parte oggi."
    )
    household_relationship: Relationship | None = Field(
        None, description="Relazione con l'intestatario del nucleo attuale."
    )
    created_at: datetime = Field(..., description="Registrata il.")
    updated_at: datetime = Field(..., description="Ultima modifica.")

    @staticmethod
    def resolve_household(obj):
        membership = getattr(obj, "current_membership", None)
        return membership.household.uuid if membership else None

    @staticmethod
    def resolve_household_relationship(obj):
        membership = getattr(obj, "current_membership", None)
        return membership.relationship if membership else None


class PersonPage(Schema):
    """The API's list envelope (core/api_pagination.py)."""

    count: int = Field(..., description="Numero totale di persone trovate.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[PersonSummary]


class PersonSearchIn(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Come nella casella di ricerca: un codice fiscale, «cognome nome» o solo "
        "le prime lettere del cognome (es. «ros»), «Cognome, Nome», una data gg/mm/aaaa.",
    )
    fiscal_code: str | None = Field(None, max_length=32, description="Codice fiscale esatto.")
    birth_date: date | None = Field(None, description="Data di nascita.")


class PersonCreateIn(Schema):
    fiscal_code: str = Field(
        ..., description="Codice fiscale: data di nascita, sesso e luogo si ricavano da qui."
    )
    last_name: str = Field(..., description="Cognome.")
    first_name: str = Field(..., description="Nome.")
    residence_municipality: UUID = Field(..., description="Comune di residenza (dell'ambito).")
    citizenship: str = Field("", description="Cittadinanza.")
    residence_address: str = Field("", description="Indirizzo di residenza.")
    domicile_address: str = Field("", description="Domicilio, se diverso.")
    phone: str = Field("", description="Telefono.")
    email: str = Field("", description="Email.")
    language: str = Field("", description="Lingua.")
    legal_guardian: str = Field("", description="Tutore o amministratore di sostegno.")
    privacy_notice_date: date | None = Field(
        None, description="Data di consegna dell'informativa privacy."
    )
    legal_basis: LegalBasis = Field(
        LegalBasis.SOCIAL_CARE, description="Base giuridica del trattamento (GDPR)."
    )
    confirmed: bool = Field(
        False,
        description="true per salvare nonostante gli avvisi (omonimi, nome o cognome che non "
        "corrispondono al codice fiscale) restituiti da una richiesta precedente.",
    )


class PersonUpdateIn(Schema):
    """Only the fields sent are changed. null empties an optional field."""

    fiscal_code: str | None = Field(None, description="Nuovo codice fiscale (correzione).")
    last_name: str | None = None
    first_name: str | None = None
    residence_municipality: UUID | None = Field(None, description="Comune di residenza.")
    citizenship: str | None = None
    residence_address: str | None = None
    domicile_address: str | None = None
    phone: str | None = None
    email: str | None = None
    language: str | None = None
    legal_guardian: str | None = None
    privacy_notice_date: date | None = None
    legal_basis: LegalBasis | None = None


# --- ISEE ----------------------------------------------------------------------------------


class IseeRecordOut(Schema):
    uuid: UUID
    person: UUID = Field(..., description="Dichiarante.")
    household: UUID | None = Field(..., description="Nucleo al momento della registrazione.")
    kind: IseeKind = Field(..., description="Tipo di ISEE.")
    value: Money = Field(..., description="Valore ISEE in euro.")
    valid_from: date = Field(..., description="Valido dal.")
    valid_until: date = Field(..., description="Valido fino al.")
    dsu_protocol: str = Field(..., description="Protocollo della DSU.")
    created_at: datetime = Field(..., description="Registrato il.")

    @staticmethod
    def resolve_person(obj):
        return obj.person.uuid

    @staticmethod
    def resolve_household(obj):
        return obj.household.uuid if obj.household_id else None


class IseeRecordPage(Schema):
    """The API's list envelope (core/api_pagination.py)."""

    count: int = Field(..., description="Numero totale di attestazioni.")
    next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
    items: list[IseeRecordOut]


class IseeRecordIn(Schema):
    value: Decimal = Field(..., description="Valore ISEE in euro (es. «8500.00»).")
    valid_from: date = Field(..., description="Valido dal.")
    valid_until: date = Field(..., description="Valido fino al.")
    kind: IseeKind = Field(IseeKind.ORDINARY, description="Tipo di ISEE.")
    dsu_protocol: str = Field("", description="Protocollo della DSU.")


# --- households ----------------------------------------------------------------------------


class HouseholdMemberOut(Schema):
    person: PersonSummary
    relationship: Relationship = Field(..., description="Relazione con l'intestatario.")
    start_date: date = Field(..., description="Nel nucleo dal.")
    end_date: date | None = Field(..., description="Nel nucleo fino al (null: ne fa parte).")


class HouseholdProfileOut(Schema):
    """The figures the reports use (seed 002 Tabella 1 and the LEP rule)."""

    on: date = Field(..., description="Data a cui si riferiscono i valori.")
    size: int = Field(..., description="Numero di componenti.")
    adults: int = Field(..., description="Componenti maggiorenni.")
    minors_count: int = Field(..., description="Componenti minorenni.")
    minor_ages: list[int] = Field(..., description="Età dei minorenni, in ordine crescente.")
    children_0_3: int = Field(..., description="Bambini da 0 a 3 anni.")
    children_first_1000_days: int = Field(
        ..., description="Bambini nei primi 1000 giorni (fino al secondo compleanno)."
    )
    single_parent: bool = Field(..., description="Nucleo monogenitoriale.")


class HouseholdOut(Schema):
    uuid: UUID
    municipality: MunicipalityRef = Field(..., description="Comune del nucleo.")
    address: str = Field(..., description="Indirizzo.")
    members: list[HouseholdMemberOut] = Field(
        ..., description="Componenti, attuali e passati (con le date)."
    )
    profile: HouseholdProfileOut


class HouseholdCreateIn(Schema):
    head: UUID = Field(..., description="Persona di riferimento (intestatario).")
    address: str = Field("", description="Indirizzo (se vuoto, quello dell'intestatario).")
    start_date: date | None = Field(None, description="Data di costituzione (oggi se omessa).")


class HouseholdMemberIn(Schema):
    person: UUID = Field(..., description="Persona da aggiungere.")
    relationship: Relationship = Field(..., description="Relazione con l'intestatario.")
    start_date: date | None = Field(None, description="Nel nucleo dal (oggi se omessa).")


class HouseholdMemberEndIn(Schema):
    end_date: date | None = Field(None, description="Ultimo giorno nel nucleo (oggi se omessa).")
