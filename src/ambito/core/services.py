"""Writes of the core app: users, API tokens, two-factor devices."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import log_event
from .choices import EventAction
from .models import ApiToken, User
from .roles import role_group


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    roles: list[str],
    zone=None,
    organisation=None,
    municipalities=(),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    actor=None,
) -> User:
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": "Esiste già un utente con questo nome utente."})
    user = User(
        username=username,
        zone=zone,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff="system_admin" in roles or "zone_admin" in roles,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([role_group(role) for role in roles])
    user.municipalities.set(municipalities)
    log_event(user=actor, obj=user, action=EventAction.CREATE, fields=["*"], zone_id=user.zone_id)
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new personal token. Returns the clear key, which is never stored nor shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Dai un nome al token (es. «integrazione protocollo»)."})
    days = days or settings.AMBITO_API_TOKEN_DAYS
    if not 1 <= days <= 366:
        raise ValidationError({"days": "La durata va da 1 a 366 giorni."})
    key = "amb_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + timedelta(days=days),
    )
    log_event(user=user, obj=token, action=EventAction.TOKEN, fields=["created"])
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise ValidationError("Puoi revocare solo i tuoi token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_event(user=user, obj=token, action=EventAction.TOKEN, fields=["revoked"])
    return token


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device for the user to scan; replaces earlier unconfirmed ones."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="App di autenticazione", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> TOTPDevice:
    if device.user_id != user.pk:
        raise ValidationError("Dispositivo non valido.")
    if not device.verify_token((token or "").strip()):
        raise ValidationError({"token": "Il codice non è corretto o è scaduto: riprova."})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    log_event(user=user, obj=user, action=EventAction.UPDATE, fields=["two_factor"])
    return device
