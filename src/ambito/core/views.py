from __future__ import annotations

import base64
import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ambito.registry.models import Person

from . import memberships, selectors, services
from .audit import log_access
from .choices import AccessAction, EventAction
from .forms import ApiTokenForm, AuditFilterForm, StyledPasswordChangeForm, TokenForm
from .models import ApiToken
from .navigation import home_sections_for
from .permissions import NotAllowed
from .redirects import safe_next
from .tables import csv_bytes


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    form_class = StyledPasswordChangeForm

    def form_valid(self, form):
        messages.success(self.request, "La password è stata cambiata.")
        return super().form_valid(form)

    def get_success_url(self):
        from django.urls import reverse

        return reverse("core:home")


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "Sei uscito da Ambito.")
    return redirect("core:login")


@login_required
@require_POST
def zone_switch(request):
    """Work in another of one's zones (the switch in the header)."""
    try:
        zone_id = int(request.POST.get("zone", ""))
        memberships.membership_switch(request=request, zone_id=zone_id)
    except (ValueError, NotAllowed):
        messages.error(request, "Non lavori in questo ambito.")
        return redirect("core:home")
    messages.success(request, "Ora lavori in un altro ambito: vedi solo i suoi dati.")
    return redirect("core:home")


@login_required
def home(request):
    return render(request, "core/home.html", {"sections": home_sections_for(request.user)})


def _audit_filters(form) -> dict:
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    return {
        "day_from": data["day_from"],
        "day_to": data["day_to"],
        "actor_id": data["actor"].pk if data["actor"] else None,
        "person_text": data["person"],
        "action": data["action"],
    }


def _log_persons_read(request, lines, *, action: str, page: str) -> None:
    """Names and codici fiscali shown to the administrator are a read of those persons."""
    persons = {line.entry.person_id: line.entry.person for line in lines if line.entry.person}
    if persons:
        log_access(
            user=request.user,
            action=action,
            object_type="core.audit",
            persons=persons.values(),
            detail={"page": page},
        )


@login_required
@permission_required("core.view_accesslog", raise_exception=True)
def audit(request):
    tab = "modifiche" if request.GET.get("registro") == "modifiche" else "letture"
    actions = EventAction.choices if tab == "modifiche" else AccessAction.choices
    form = AuditFilterForm(
        request.GET or None,
        users=selectors.zone_colleagues(user=request.user),
        actions=actions,
    )
    filters = _audit_filters(form)
    if tab == "modifiche":
        rows = selectors.event_log_list(user=request.user, **filters)
    else:
        rows = selectors.access_log_list(
            user=request.user,
            flagged_only=bool(form.is_valid() and form.cleaned_data["flagged_only"]),
            **filters,
        )
    if request.GET.get("formato") == "csv":
        # Every row the filters select, not one page: an export is never cut.
        lines = selectors.audit_lines(rows.iterator(chunk_size=2000))
        _log_persons_read(request, lines, action=AccessAction.EXPORT, page="audit_export")
        header = selectors.EVENT_HEADER if tab == "modifiche" else selectors.ACCESS_HEADER
        content = csv_bytes(header, selectors.audit_export_rows(lines, tab=tab))
        response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        name = "registro-modifiche" if tab == "modifiche" else "registro-consultazioni"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    lines = selectors.audit_lines(page.object_list)
    _log_persons_read(request, lines, action=AccessAction.VIEW, page="audit")
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formato", None)
    query["registro"] = tab
    return render(
        request,
        "core/audit.html",
        {
            "form": form,
            "page": page,
            "lines": lines,
            "tab": tab,
            "querystring": query.urlencode(),
        },
    )


@login_required
@permission_required("core.view_accesslog", raise_exception=True)
def person_access_history(request, person_uuid):
    """Who accessed this person: for the zone administrator and data-subject requests."""
    # Every person of the zone: answering a data-subject request is the zone
    # administrator's duty, and this read is itself logged.
    person = get_object_or_404(Person.objects.visible_to(request.user), uuid=person_uuid)
    log_access(user=request.user, obj=person, action=AccessAction.VIEW, detail={"page": "audit"})
    accesses = Paginator(selectors.access_log_list(user=request.user, person=person), 50)
    page = accesses.get_page(request.GET.get("pagina"))
    events = Paginator(selectors.event_log_list(user=request.user, person=person), 50)
    events_page = events.get_page(request.GET.get("pagina_modifiche"))
    return render(
        request,
        "core/person_access.html",
        {
            "person": person,
            "page": page,
            "lines": selectors.audit_lines(page.object_list),
            "events_page": events_page,
            "events": selectors.audit_lines(events_page.object_list),
        },
    )


@login_required
def two_factor(request):
    """Second step of the login for users with a confirmed TOTP device."""
    devices = list(TOTPDevice.objects.filter(user=request.user, confirmed=True))
    if not devices:
        setup = reverse("core:two_factor_setup")
        return redirect(setup + "?" + urlencode({"next": safe_next(request, "core:home")}))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            if device.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, device)
                messages.success(request, "Verifica in due passaggi completata.")
                return redirect(safe_next(request, "core:home"))
        form.add_error("token", "Il codice non è corretto o è scaduto: riprova.")
    return render(request, "core/two_factor.html", {"form": form})


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor_setup(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        try:
            services.totp_device_confirm(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc.messages[0])
        else:
            otp_login(request, device)
            messages.success(request, "L'app di autenticazione è attiva.")
            return redirect(safe_next(request, "core:home"))
    if device is None:
        device = services.totp_device_start(user=request.user)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr": _qr_svg(device.config_url), "secret": secret},
    )


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and "revoke" in request.POST:
        token = get_object_or_404(ApiToken, uuid=request.POST["revoke"], user=request.user)
        services.api_token_revoke(user=request.user, token=token)
        messages.info(request, "Token revocato.")
        return redirect("core:api_tokens")
    if request.method == "POST" and form.is_valid():
        try:
            _, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm()
    tokens = request.user.api_tokens.order_by("-created_at")
    return render(
        request, "core/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def forbidden(request, exception=None):
    # A NotAllowed carries an Italian message that names no person: say why.
    message = exception.message if isinstance(exception, NotAllowed) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)
