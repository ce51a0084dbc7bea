"""§7 RSA waiting lists (*Gestione Accessi e Liste di attesa RSA*, seed 003 §G.1).

- A **structure** is an RSA of the district with its authorised beds, managed by a body (an
  organisation of kind "structure": a foundation, an ASP).
- A **score sheet** is the zone's configuration from a date (`valid_from`, versioned: an
  application is scored with the sheet valid on its submission date): the weight of the
  health/functional score of the multidimensional evaluation (0-100), the points of the social
  items (lives alone, caregiver present or absent, ISEE bands), the priority rules that put an
  application in a higher class (protected hospital discharge, urgent social condition) and the
  refusal rule (an unjustified refusal of an offered bed costs penalty points or sends the
  application to the end of its class; after `max_refusals` it leaves the list).
- An **application** for a person (from a case, or from a contact: `contact`), its evaluation,
  computed score and class, its ordered **preferences** for structures, the **offers** of a
  bed with their reply, the **admission** (with the municipal share of the fee per the
  district's **fee rule**), withdrawal or death.
- Every change writes an **event** with the snapshot of what ranks the application (status,
  class, score, moves to the end of the class, structures): the ranking as of any date is
  rebuilt from the events. The current ranking of each structure is a read model
  (`RankingRow`), recomputed by the services on every change.
"""

import uuid

from django.db import models
from django.db.models import Q

from ambito.core.fields import money, user_field, zone_field
from ambito.core.scoping import ScopedQuerySet, Scoping

from .choices import ApplicationStatus, EventKind, OfferReply, PriorityClass, RefusalEffect
from .scoping import (
    APPLICATION_CHILD_READERS,
    APPLICATION_READERS,
    RANKING_READERS,
    STRUCTURE_READERS,
)


def _points(label: str, **kwargs):
    return models.DecimalField(label, max_digits=7, decimal_places=2, **kwargs)


class Structure(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    name = models.CharField("struttura", max_length=200)
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name="comune"
    )
    beds = models.PositiveIntegerField("posti letto autorizzati")
    body = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        related_name="rsa_structures",
        verbose_name="ente gestore",
    )
    active = models.BooleanField("attiva", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_structure", grants=STRUCTURE_READERS)

    class Meta:
        verbose_name = "RSA"
        verbose_name_plural = "RSA"
        ordering = ["name"]
        permissions = [
            ("manage_rsa", "Gestisce strutture, schede, domande, offerte e ingressi RSA"),
            ("view_zone_rsa", "Vede tutte le liste d'attesa RSA dell'ambito"),
            ("record_admission", "Registra risposte alle offerte e ingressi nelle proprie RSA"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["zone", "name"], name="rsa_structure_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ScoreSheet(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    title = models.CharField("titolo", max_length=200)
    valid_from = models.DateField("valida dal")
    health_weight = models.DecimalField(
        "peso del punteggio sanitario/funzionale", max_digits=5, decimal_places=2, default=1
    )
    lives_alone_points = _points("punti: vive solo", default=0)
    caregiver_absent_points = _points("punti: caregiver assente", default=0)
    caregiver_present_points = _points("punti: caregiver presente", default=0)
    # [[ISEE up to (€, null = over the last), points], ...] in ascending order.
    isee_bands = models.JSONField("fasce ISEE (fino a €, punti)", default=list)
    isee_missing_points = _points("punti: ISEE non presentato", default=0)
    discharge_priority = models.BooleanField("priorità: dimissione protetta", default=True)
    urgent_social_priority = models.BooleanField("priorità: urgenza sociale", default=True)
    refusal_effect = models.CharField(
        "effetto di un rifiuto non giustificato",
        max_length=14,
        choices=RefusalEffect.choices,
        default=RefusalEffect.PENALTY,
    )
    refusal_penalty = _points("punti di penalità per rifiuto", default=0)
    max_refusals = models.PositiveSmallIntegerField(
        "rifiuti non giustificati che escludono dalla lista", default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_scoresheet")

    class Meta:
        verbose_name = "scheda di punteggio"
        verbose_name_plural = "schede di punteggio"
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "valid_from"], name="rsa_sheet_one_per_day"),
            models.CheckConstraint(condition=Q(max_refusals__gte=1), name="rsa_max_refusals_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (dal {self.valid_from:%d/%m/%Y})"


class FeeRule(models.Model):
    """The district's rule on the municipalities' share of the fee (seed 003, "modalità di
    partecipazione comunale alla copertura della retta"): of the social part of the fee, the
    municipality of residence pays the percentage of the applicant's ISEE band."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    title = models.CharField("titolo", max_length=200)
    valid_from = models.DateField("valida dal")
    social_part_percent = models.DecimalField(
        "quota sociale della retta (%)", max_digits=5, decimal_places=2, default=100
    )
    # [[ISEE up to (€, null = over the last), % paid by the municipality], ...] ascending.
    bands = models.JSONField("fasce ISEE (fino a €, % a carico del comune)", default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_feerule")

    class Meta:
        verbose_name = "regola di compartecipazione comunale"
        verbose_name_plural = "regole di compartecipazione comunale"
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "valid_from"], name="rsa_feerule_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.title} (dal {self.valid_from:%d/%m/%Y})"


class Application(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    number = models.CharField("numero", max_length=20)
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="rsa_applications",
        verbose_name="persona",
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rsa_applications",
        verbose_name="cartella",
    )
    contact = models.CharField("richiedente (senza cartella)", max_length=200, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="comune di residenza",
    )
    submitted_on = models.DateField("presentata il")
    sheet = models.ForeignKey(
        ScoreSheet,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="scheda di punteggio",
    )
    # The evaluation (the items of the sheet).
    evaluated_on = models.DateField("valutazione multidimensionale del")
    health_score = models.DecimalField(
        "punteggio sanitario/funzionale (0-100)", max_digits=5, decimal_places=2
    )
    lives_alone = models.BooleanField("vive solo", default=False)
    caregiver = models.BooleanField("caregiver presente", default=False)
    isee = models.DecimalField("ISEE (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    hospital_discharge = models.BooleanField("dimissione protetta dall'ospedale", default=False)
    urgent_social = models.BooleanField("condizione sociale urgente", default=False)
    # What the sheet gives (services.scoring), kept on the row.
    base_score = _points("punteggio della valutazione", default=0)
    penalty = _points("penalità", default=0)
    score = _points("punteggio", default=0)
    priority_class = models.PositiveSmallIntegerField(
        "classe", choices=PriorityClass.choices, default=PriorityClass.ORDINARY
    )
    bumps = models.PositiveSmallIntegerField("spostamenti in coda alla classe", default=0)
    refusals = models.PositiveSmallIntegerField("rifiuti non giustificati", default=0)
    status = models.CharField(
        "stato", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.ACTIVE
    )
    closed_on = models.DateField("chiusa il", null=True, blank=True)
    closed_reason = models.CharField("motivo", max_length=300, blank=True)
    created_by = user_field(verbose_name="registrata da")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_application", grants=APPLICATION_READERS)

    class Meta:
        verbose_name = "domanda RSA"
        verbose_name_plural = "domande RSA"
        ordering = ["-submitted_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "number"], name="rsa_application_number"),
            models.CheckConstraint(
                condition=Q(health_score__gte=0) & Q(health_score__lte=100),
                name="rsa_health_score_0_100",
            ),
        ]
        indexes = [models.Index(fields=["zone", "status"], name="rsa_app_zone_status")]

    def __str__(self) -> str:
        return f"Domanda RSA {self.number}"


class Preference(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="preferences"
    )
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="preferences")
    rank = models.PositiveSmallIntegerField("ordine")

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="rsa.view_application", zone="application__zone", grants=APPLICATION_CHILD_READERS
    )

    class Meta:
        verbose_name = "preferenza"
        verbose_name_plural = "preferenze"
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "structure"], name="rsa_pref_once"),
            models.UniqueConstraint(fields=["application", "rank"], name="rsa_pref_rank_once"),
        ]
        indexes = [models.Index(fields=["structure", "application"], name="rsa_pref_structure")]

    def __str__(self) -> str:
        return f"{self.rank}ª preferenza"


class Offer(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="offers")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="offers")
    offered_on = models.DateField("offerto il")
    reply = models.CharField(
        "risposta", max_length=10, choices=OfferReply.choices, blank=True, default=""
    )
    replied_on = models.DateField("risposta del", null=True, blank=True)
    justified = models.BooleanField("rifiuto giustificato", default=False)
    reason = models.CharField("motivo del rifiuto", max_length=300, blank=True)
    effect = models.CharField("effetto sulla posizione", max_length=300, blank=True)
    created_by = user_field(verbose_name="registrata da")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_offer", grants=RANKING_READERS)

    class Meta:
        verbose_name = "offerta di posto"
        verbose_name_plural = "offerte di posto"
        ordering = ["-offered_on", "-pk"]

    def __str__(self) -> str:
        return f"Offerta del {self.offered_on:%d/%m/%Y}"


class Admission(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = zone_field()
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="admission"
    )
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="admissions")
    admitted_on = models.DateField("ingresso il")
    ended_on = models.DateField("dimissione / decesso il", null=True, blank=True)
    monthly_fee = money("retta mensile (€)")
    fee_rule = models.ForeignKey(
        FeeRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="regola di compartecipazione",
    )
    municipal_percent = models.DecimalField(
        "% della quota sociale a carico del comune", max_digits=5, decimal_places=2, default=0
    )
    municipal_share = money("quota mensile a carico del comune (€)", default=0)
    created_by = user_field(verbose_name="registrato da")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_admission", grants=RANKING_READERS)

    class Meta:
        verbose_name = "ingresso in RSA"
        verbose_name_plural = "ingressi in RSA"
        ordering = ["-admitted_on"]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_fee__gte=0), name="rsa_fee_gte_0"),
            models.CheckConstraint(
                condition=Q(municipal_share__gte=0)
                & Q(municipal_share__lte=models.F("monthly_fee")),
                name="rsa_municipal_share_within_fee",
            ),
        ]
        indexes = [models.Index(fields=["structure", "ended_on"], name="rsa_adm_occupied")]

    def __str__(self) -> str:
        return f"Ingresso del {self.admitted_on:%d/%m/%Y}"


class Event(models.Model):
    """What happened to an application on a date, with the snapshot of what ranks it after it:
    {"status", "class", "score", "bumps", "structures": [pk...]}."""

    zone = zone_field()
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    on = models.DateField("data")
    kind = models.CharField("evento", max_length=12, choices=EventKind.choices)
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    note = models.CharField("nota", max_length=300, blank=True)
    snapshot = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(
        read="rsa.view_application", zone="application__zone", grants=APPLICATION_CHILD_READERS
    )

    class Meta:
        verbose_name = "evento della domanda"
        verbose_name_plural = "eventi delle domande"
        ordering = ["on", "pk"]
        indexes = [models.Index(fields=["zone", "on"], name="rsa_event_zone_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} del {self.on:%d/%m/%Y}"


class RankingRow(models.Model):
    """The current ranking of a structure (read model, services.ranking.recompute)."""

    # A read model rebuilt from the applications: no database foreign keys (their checks were
    # most of a recompute's time on PostgreSQL) and only the indexes the reads use; Django
    # still cascades the deletes.
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="ambito",
        db_constraint=False,
        db_index=False,
    )
    structure = models.ForeignKey(
        Structure,
        on_delete=models.CASCADE,
        related_name="ranking",
        db_constraint=False,
        db_index=False,
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    position = models.PositiveIntegerField("posizione")
    priority_class = models.PositiveSmallIntegerField("classe", choices=PriorityClass.choices)
    bumps = models.PositiveSmallIntegerField(default=0)
    score = _points("punteggio")
    submitted_on = models.DateField("presentata il")
    number = models.CharField("numero", max_length=20)
    status = models.CharField("stato", max_length=10, choices=ApplicationStatus.choices)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="rsa.view_rankingrow", grants=RANKING_READERS)

    class Meta:
        verbose_name = "posizione in graduatoria"
        verbose_name_plural = "graduatorie"
        ordering = ["structure", "position"]
        # Positions are unique by construction (ROW_NUMBER); not a constraint, so that the
        # recompute may move rows one by one.
        constraints = [
            models.UniqueConstraint(fields=["structure", "application"], name="rsa_rank_once"),
        ]
        indexes = [
            models.Index(fields=["structure", "position"], name="rsa_rank_position"),
            models.Index(fields=["application"], name="rsa_rank_application"),
        ]

    def __str__(self) -> str:
        return f"{self.position}ª"
