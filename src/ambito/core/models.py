"""Users, personal API tokens and the two audit trails (reads and writes)."""

import hashlib
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from .choices import AccessAction, EventAction, Role
from .scoping import ScopedQuerySet, Scoping


class User(AbstractUser):
    """A person who works in the system. The zone, organisation, roles (groups) and
    municipalities on the account are its first membership; `Membership` rows add others (a
    regional office, a provider in two zones, a social worker who moved). A login works in
    one membership at a time (core/memberships.py): for that request these fields are the
    membership's. System administrators may have no zone."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="ambito",
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="ente",
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="users",
        verbose_name="comuni serviti",
    )

    class Meta:
        verbose_name = "utente"
        verbose_name_plural = "utenti"

    def save(self, *args, **kwargs):
        # A request working in another membership has that membership's zone and organisation
        # on this instance (core/memberships.py): never write them onto the account.
        home = getattr(self, "_home", None)
        if home is None:
            return super().save(*args, **kwargs)
        current = (self.zone_id, self.organisation_id)
        self.zone_id, self.organisation_id = home
        try:
            return super().save(*args, **kwargs)
        finally:
            self.zone_id, self.organisation_id = current

    @property
    def role_codes(self) -> set[str]:
        if not hasattr(self, "_role_codes"):
            names = {group.name for group in self.groups.all()}
            self._role_codes = {role.value for role in Role if role.label in names}
        return self._role_codes

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role.value in self.role_codes]


class Membership(models.Model):
    """One more zone (and organisation) where the user works, with the roles and the
    municipalities served there. The account's own fields are the first membership."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.PROTECT,
        related_name="user_memberships",
        verbose_name="ambito",
    )
    organisation = models.ForeignKey(
        "territory.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user_memberships",
        verbose_name="ente",
    )
    roles = models.ManyToManyField(
        "auth.Group", blank=True, related_name="user_memberships", verbose_name="ruoli"
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        blank=True,
        related_name="user_memberships",
        verbose_name="comuni serviti",
    )
    active = models.BooleanField("attiva", default=True)
    created_at = models.DateTimeField("creata il", default=timezone.now)

    class Meta:
        verbose_name = "appartenenza a un ambito"
        verbose_name_plural = "appartenenze ad ambiti"
        constraints = [
            models.UniqueConstraint(fields=["user", "zone"], name="membership_one_per_zone")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.zone}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the clear text is shown once."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nome", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("prefisso", max_length=8, editable=False)
    created_at = models.DateTimeField("creato il", default=timezone.now)
    expires_at = models.DateTimeField("scade il")
    last_used_at = models.DateTimeField("ultimo uso", null=True, blank=True)
    revoked_at = models.DateTimeField("revocato il", null=True, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class AuditEntry(models.Model):
    """What both audit trails record: who, when, in which zone, on which object and person,
    through which channel (web, api, cli). Record identifiers only, never the data."""

    timestamp = models.DateTimeField("data e ora", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="utente",
    )
    zone = models.ForeignKey(
        "territory.Zone",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="ambito",
    )
    object_type = models.CharField("tipo di oggetto", max_length=64)
    object_uuid = models.UUIDField("oggetto", null=True, blank=True)
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="persona",
    )
    channel = models.CharField("canale", max_length=8, default="web")

    class Meta:
        abstract = True
        ordering = ["-timestamp", "-id"]

    def __str__(self) -> str:
        return f"{self.timestamp:%d/%m/%Y %H:%M} {self.user} {self.get_action_display()}"


class AccessLog(AuditEntry):
    """One read of personal data, and why when a reason was required. Holds no search terms."""

    action = models.CharField("azione", max_length=16, choices=AccessAction.choices)
    reason = models.TextField("motivazione", blank=True)
    flagged = models.BooleanField("fuori ambito di competenza", default=False)
    detail = models.JSONField("dettaglio", default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="core.view_accesslog")

    class Meta(AuditEntry.Meta):
        verbose_name = "registro accessi"
        verbose_name_plural = "registro accessi"
        indexes = [
            models.Index(fields=["person", "-timestamp"], name="accesslog_person_time"),
            models.Index(fields=["zone", "-timestamp"], name="accesslog_zone_time"),
        ]


class EventLog(AuditEntry):
    """One write. Lists the fields changed, not their values, so the log itself does not
    become a second copy of special-category data."""

    action = models.CharField("azione", max_length=16, choices=EventAction.choices)
    fields = models.JSONField("campi modificati", default=list, blank=True)
    note = models.CharField("nota", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scoping = Scoping(read="core.view_eventlog")

    class Meta(AuditEntry.Meta):
        verbose_name = "registro modifiche"
        verbose_name_plural = "registro modifiche"
        indexes = [
            models.Index(fields=["person", "-timestamp"], name="eventlog_person_time"),
            models.Index(fields=["zone", "-timestamp"], name="eventlog_zone_time"),
        ]
