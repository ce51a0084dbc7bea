"""§7 Registro degli assistenti familiari (seed 003 §C.5: "sistemi di accreditamento
individuale di assistenti familiari"; the register "renderà disponibili alle famiglie persone
qualificate").

- A **worker** (care worker / *badante*, baby-sitter, or both) applies to the zone's register;
  the plan office records the **training** (courses, hours, completed on) and the **checks**
  (identity document, residence permit when needed, criminal record certificate, references:
  outcome and date) and moves the enrolment through its states: application → checks →
  enrolled → suspended → removed (services/register.py, `TRANSITIONS`). Every change of state
  is a `WorkerStateChange` row.
- The worker's **availability**: the municipalities of the zone where they work, the languages
  they speak, the weekly hours, live-in, nights, weekends.
- The worker's **consent** to be listed (given on, withdrawn on): without it the worker is never
  in a search nor on the charter (scoping.LISTABLE). A separate consent shows their phone on
  the public charter; otherwise the contact goes through the access point.
- A **match** records that an access point put a family (a person of the registry, or a
  free-text reference when the family is not in it) in touch with a worker, and its outcome
  (proposed, contract started / not started / ended, hours agreed).
- `RegisterPublication`: whether the zone publishes the register on its public charter, and
  what of it.

A worker is personal data of someone who is not a beneficiary: not a registry.Person, so that
enrolling never gives the social record a new person. Every read is in the access log
(object type `assistants.worker`), every write in the event log (field names, never values).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ambito.core.fields import zone_field
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import CheckKind, CheckOutcome, Language, MatchOutcome, WorkerKind, WorkerState
from .scoping import LISTABLE, MATCH_READERS, WORKER_CHILD_READERS, WORKER_READERS


class WorkerQuerySet(ScopedQuerySet):
    def listable(self):
        """Enrolled with a consent to be listed given and not withdrawn."""
        return self.filter(LISTABLE)


class Worker(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    first_name = models.CharField("nome", max_length=100)
    last_name = models.CharField("cognome", max_length=100)
    fiscal_code = models.CharField("codice fiscale", max_length=16, blank=True)
    birth_date = models.DateField("data di nascita", null=True, blank=True)
    citizenship = models.CharField("cittadinanza", max_length=100, blank=True)
    needs_residence_permit = models.BooleanField(
        "serve il permesso di soggiorno",
        default=False,
        help_text="Per chi non è cittadino dell'Unione europea.",
    )
    phone = models.CharField("telefono", max_length=32, blank=True)
    email = models.EmailField("email", blank=True)
    address = models.CharField("indirizzo", max_length=200, blank=True)
    kind = models.CharField("tipo", max_length=12, choices=WorkerKind.choices)
    state = models.CharField(
        "stato dell'iscrizione",
        max_length=12,
        choices=WorkerState.choices,
        default=WorkerState.APPLICATION,
    )
    applied_on = models.DateField("domanda del")
    enrolled_on = models.DateField("iscritta/o dal", null=True, blank=True)
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="+",
        verbose_name="comuni di disponibilità",
    )
    weekly_hours = models.PositiveSmallIntegerField("ore settimanali disponibili", default=0)
    live_in = models.BooleanField("disponibile alla convivenza", default=False)
    nights = models.BooleanField("disponibile di notte", default=False)
    weekends = models.BooleanField("disponibile nei fine settimana", default=False)
    consent_given_on = models.DateField("consenso all'elenco dato il", null=True, blank=True)
    consent_withdrawn_on = models.DateField("consenso revocato il", null=True, blank=True)
    show_phone = models.BooleanField(
        "consenso a mostrare il telefono sulla carta pubblica", default=False
    )
    notes = models.TextField("note", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkerQuerySet.as_manager()
    scoping = Scoping(read="assistants.view_worker", grants=WORKER_READERS)

    class Meta:
        verbose_name = "assistente familiare"
        verbose_name_plural = "assistenti familiari"
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("manage_register", "Gestisce il registro degli assistenti familiari"),
            (
                "search_register",
                "Cerca nel registro degli assistenti familiari e registra abbinamenti",
            ),
            ("view_zone_matches", "Vede gli abbinamenti di tutto l'ambito"),
            (
                "view_register_figures",
                "Vede i dati aggregati del registro degli assistenti familiari",
            ),
        ]
        indexes = [models.Index(fields=["zone", "state"], name="assistant_zone_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_withdrawn_on__isnull=True)
                | Q(
                    consent_given_on__isnull=False, consent_withdrawn_on__gte=F("consent_given_on")
                ),
                name="assistant_consent_ordered",
            ),
            models.CheckConstraint(condition=Q(weekly_hours__lte=168), name="assistant_hours_week"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def public_name(self) -> str:
        """First name and the initial of the surname: what the charter shows."""
        initial = (self.last_name or "").strip()[:1].upper()
        return f"{self.first_name} {initial}." if initial else self.first_name

    @property
    def consented(self) -> bool:
        return self.consent_given_on is not None and self.consent_withdrawn_on is None

    @property
    def listable(self) -> bool:
        return self.state == WorkerState.ENROLLED and self.consented


class WorkerLanguage(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField("lingua", max_length=8, choices=Language.choices)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="assistants.view_worker", zone="worker__zone", grants=WORKER_CHILD_READERS
    )

    class Meta:
        verbose_name = "lingua parlata"
        verbose_name_plural = "lingue parlate"
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "language"], name="assistant_language_once")
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class WorkerTraining(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="trainings")
    course = models.CharField("corso", max_length=200)
    organiser = models.CharField("ente formatore", max_length=200, blank=True)
    hours = models.PositiveSmallIntegerField("ore")
    completed_on = models.DateField("concluso il", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="assistants.view_worker", zone="worker__zone", grants=WORKER_CHILD_READERS
    )

    class Meta:
        verbose_name = "formazione"
        verbose_name_plural = "formazione"
        ordering = ["completed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1, hours__lte=2000), name="assistant_training_hours"
            )
        ]

    def __str__(self) -> str:
        return self.course


class WorkerCheck(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField("verifica", max_length=20, choices=CheckKind.choices)
    outcome = models.CharField(
        "esito", max_length=8, choices=CheckOutcome.choices, default=CheckOutcome.PENDING
    )
    checked_on = models.DateField("verificato il", null=True, blank=True)
    note = models.CharField("nota", max_length=300, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="assistants.manage_register", zone="worker__zone")

    class Meta:
        verbose_name = "verifica"
        verbose_name_plural = "verifiche"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "kind"], name="assistant_check_once"),
            models.CheckConstraint(
                condition=Q(outcome="pending") | Q(checked_on__isnull=False),
                name="assistant_check_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class WorkerStateChange(models.Model):
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField("da", max_length=12, choices=WorkerState.choices, blank=True)
    to_state = models.CharField("a", max_length=12, choices=WorkerState.choices)
    on = models.DateField("il")
    reason = models.CharField("motivo", max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="assistants.manage_register", zone="worker__zone")

    class Meta:
        verbose_name = "cambio di stato"
        verbose_name_plural = "cambi di stato"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '—'} → {self.to_state}"


class Match(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="matches")
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persona richiedente",
    )
    family_reference = models.CharField(
        "riferimento della famiglia",
        max_length=200,
        blank=True,
        help_text=(
            "Quando la famiglia non è nell'anagrafe: un riferimento interno, non il codice fiscale."
        ),
    )
    access_point = models.ForeignKey(
        "territory.AccessPoint",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="punto di accesso",
    )
    matched_on = models.DateField("data dell'abbinamento")
    outcome = models.CharField(
        "esito", max_length=12, choices=MatchOutcome.choices, default=MatchOutcome.PROPOSED
    )
    hours_agreed = models.PositiveSmallIntegerField(
        "ore settimanali concordate", null=True, blank=True
    )
    started_on = models.DateField("contratto avviato il", null=True, blank=True)
    ended_on = models.DateField("contratto concluso il", null=True, blank=True)
    notes = models.TextField("note", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="registrato da",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="assistants.view_match", grants=MATCH_READERS)

    class Meta:
        verbose_name = "abbinamento"
        verbose_name_plural = "abbinamenti"
        ordering = ["-matched_on", "-pk"]
        indexes = [models.Index(fields=["zone", "outcome"], name="assistant_match_outcome")]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(family_reference=""),
                name="assistant_match_family",
            ),
            models.CheckConstraint(
                condition=Q(hours_agreed__isnull=True) | Q(hours_agreed__lte=168),
                name="assistant_match_hours",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=False, ended_on__gte=F("started_on")),
                name="assistant_match_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"Abbinamento del {self.matched_on:%d/%m/%Y}"


class RegisterPublication(models.Model):
    """Whether the zone publishes its register on the public charter, and what of it."""

    zone = models.OneToOneField(
        "territory.Zone", on_delete=models.CASCADE, related_name="+", verbose_name="ambito"
    )
    published = models.BooleanField("pubblica il registro sulla carta", default=False)
    show_languages = models.BooleanField("mostra le lingue parlate", default=True)
    show_municipalities = models.BooleanField("mostra i comuni di disponibilità", default=True)
    show_availability = models.BooleanField(
        "mostra la disponibilità (ore, convivenza, notti, fine settimana)", default=True
    )
    contact_text = models.TextField(
        "come contattare gli assistenti",
        blank=True,
        help_text="Per esempio: «Rivolgersi allo sportello sociale del proprio Comune».",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # SET_NULL: a setting outlives its author (deleting the demo's logins deletes users before
    # the zones, whose one-to-one rows go last).
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="assistants.view_registerpublication")

    class Meta:
        verbose_name = "pubblicazione del registro"
        verbose_name_plural = "pubblicazioni del registro"

    def __str__(self) -> str:
        return "Pubblicazione del registro"
