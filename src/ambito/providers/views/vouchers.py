"""Pages of the voucher schemes and the vouchers (titoli sociali): the schemes with their
budget (committed, residual, a progress bar), one scheme with its waiting list in order; the
vouchers (the zone's for the plan office, those of the own cases for a social worker, those
spent with them for a provider's operator), one voucher with its actions; issuing a voucher
from a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ambito.core.audit import log_access, log_persons_shown
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed, allowed

from ..choices import DeliveryState, VoucherKind, VoucherState
from ..forms.vouchers import (
    BuonoPaymentForm,
    ChooseProviderForm,
    ReasonForm,
    SchemeForm,
    VoucherFilterForm,
    VoucherIssueForm,
)
from ..selectors import vouchers as selectors
from ..selectors.accreditation import accredited_providers
from ..services import vouchers as services
from ..services.common import NOT_ALLOWED, is_manager

VIEW_SCHEME = "providers.view_voucherscheme"
VIEW_VOUCHER = "providers.view_voucher"
ISSUE = "providers.issue_voucher"
HOLDING = (VoucherState.ISSUED, VoucherState.ACTIVE)


def _scheme_crumbs(*items):
    return [("Misure di titoli sociali", reverse("providers:schemes")), *items]


def _voucher_crumbs(*items):
    return [("Titoli sociali", reverse("providers:vouchers")), *items]


def _require_manager(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)


def _scheme(request, uuid):
    scheme = selectors.scheme_for(request.user, uuid)
    if scheme is None:
        raise Http404
    return scheme


def _scheme_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["description"] = data.get("description") or ""
    data["decision_act"] = data.get("decision_act") or ""
    return data


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


# --- schemes ---------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_list(request):
    rows = selectors.schemes_for(request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    for scheme in page.object_list:
        scheme.percent = (
            min(100, int(scheme.committed * 100 / scheme.budget)) if scheme.budget else 0
        )
    return render(
        request,
        "providers/vouchers/schemes.html",
        {
            "page": page,
            "can_manage": is_manager(request.user),
            "breadcrumbs": [("Misure di titoli sociali", None)],
        },
    )


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_add(request):
    _require_manager(request)
    form = SchemeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            scheme = services.scheme_create(actor=request.user, **_scheme_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Misura {scheme.code} {scheme.year} registrata.")
            return redirect("providers:scheme", uuid=scheme.uuid)
    return render(
        request,
        "providers/vouchers/scheme_form.html",
        {
            "form": form,
            "title": "Nuova misura di titoli sociali",
            "breadcrumbs": _scheme_crumbs(("Nuova misura", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_edit(request, uuid):
    _require_manager(request)
    scheme = _scheme(request, uuid)
    form = SchemeForm(
        request.POST or None, initial=SchemeForm.initial_of(scheme), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.scheme_update(actor=request.user, scheme=scheme, **_scheme_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Misura aggiornata.")
            return redirect("providers:scheme", uuid=scheme.uuid)
    return render(
        request,
        "providers/vouchers/scheme_form.html",
        {
            "form": form,
            "scheme": scheme,
            "title": f"Modifica della misura {scheme.code} {scheme.year}",
            "breadcrumbs": _scheme_crumbs(
                (f"{scheme.code} {scheme.year}", reverse("providers:scheme", args=[scheme.uuid])),
                ("Modifica", None),
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW_SCHEME, raise_exception=True)
def scheme_detail(request, uuid):
    scheme = _scheme(request, uuid)
    manager = is_manager(request.user)
    if request.method == "POST":
        _require_manager(request)
        action = request.POST.get("azione")
        call = {"apri": services.scheme_open, "chiudi": services.scheme_close}.get(action)
        if call is None:
            raise Http404
        try:
            call(actor=request.user, scheme=scheme)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Misura aperta." if action == "apri" else "Misura chiusa.")
        return redirect("providers:scheme", uuid=scheme.uuid)
    # The waiting list names persons: only who sees the zone's vouchers reads it.
    waiting = selectors.waiting_list(scheme) if manager else []
    if waiting:
        log_persons_shown(
            user=request.user, rows=waiting, person_field="person", object_type="providers.voucher"
        )
    return render(
        request,
        "providers/vouchers/scheme.html",
        {
            "scheme": scheme,
            "figures": selectors.scheme_budget(scheme),
            "by_state": selectors.by_state(scheme),
            "waiting": waiting,
            "can_manage": manager,
            "breadcrumbs": _scheme_crumbs((f"{scheme.code} {scheme.year}", None)),
        },
    )


# --- vouchers --------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_VOUCHER, raise_exception=True)
def voucher_list(request):
    form = VoucherFilterForm(request.GET or None, user=request.user)
    rows = selectors.vouchers_for(request.user, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    log_persons_shown(
        user=request.user,
        rows=page.object_list,
        person_field="person",
        object_type="providers.voucher",
    )
    return render(
        request,
        "providers/vouchers/list.html",
        {
            "form": form,
            "page": page,
            "querystring": _query(request),
            "breadcrumbs": [("Titoli sociali", None)],
        },
    )


def _voucher(request, uuid):
    voucher = selectors.voucher_for(request.user, uuid)
    if voucher is None:
        raise Http404
    return voucher


def _can_act(user, voucher) -> bool:
    """The plan office, or who issues vouchers and sees the voucher's case."""
    if is_manager(user):
        return True
    if not allowed(user, ISSUE):
        return False
    from ambito.cases.models import Case

    return Case.objects.visible_to(user).filter(pk=voucher.case_id).exists()


def _voucher_context(request, voucher, **forms) -> dict:
    from ambito.cases.models import Case

    can_act = _can_act(request.user, voucher)
    sees_case = Case.objects.visible_to(request.user).filter(pk=voucher.case_id).exists()
    context = {
        "voucher": voucher,
        "sees_case": sees_case,
        "can_act": can_act,
        "position": selectors.waiting_position(voucher),
        "deliveries": [
            {**row, "state": DeliveryState(row["state"]).label}
            for row in voucher.deliveries.values("state")
            .annotate(n=Count("pk"), units=Sum("units"), amount=Sum("amount"))
            .order_by("state")
        ],
        "is_voucher": voucher.scheme.kind == VoucherKind.VOUCHER,
        "breadcrumbs": _voucher_crumbs((str(voucher), None)),
    }
    if can_act and voucher.state in HOLDING:
        if context["is_voucher"] and voucher.spent == 0:
            providers = accredited_providers(voucher.scheme.accreditation, timezone.localdate())
            context["choose_form"] = forms.get("choose_form") or ChooseProviderForm(
                providers=providers, prefix="scelta"
            )
        context["revoke_form"] = forms.get("revoke_form") or ReasonForm(prefix="revoca")
        context["close_form"] = forms.get("close_form") or ReasonForm(
            prefix="chiusura", required=False
        )
    if can_act and voucher.state == VoucherState.WAITING:
        context["cancel_form"] = forms.get("cancel_form") or ReasonForm(prefix="rinuncia")
    if (
        voucher.scheme.kind == VoucherKind.BUONO
        and voucher.state == VoucherState.ACTIVE
        and voucher.remaining > 0
        and allowed(request.user, "providers.validate_delivery")
    ):
        context["pay_form"] = forms.get("pay_form") or BuonoPaymentForm(
            prefix="pagamento",
            initial={"amount": voucher.remaining, "paid_on": timezone.localdate()},
        )
    return context


@login_required
@permission_required(VIEW_VOUCHER, raise_exception=True)
def voucher_detail(request, uuid):
    voucher = _voucher(request, uuid)
    if request.method == "POST":
        return _voucher_post(request, voucher)
    return render(request, "providers/vouchers/voucher.html", _voucher_context(request, voucher))


def _voucher_post(request, voucher):
    if not _can_act(request.user, voucher):
        raise NotAllowed(NOT_ALLOWED)
    action = request.POST.get("azione")
    if action == "scelta":
        providers = accredited_providers(voucher.scheme.accreditation, timezone.localdate())
        form = ChooseProviderForm(request.POST, providers=providers, prefix="scelta")
        key, done = "choose_form", "Erogatore scelto: il titolo è in uso."

        def call(data):
            return services.voucher_choose_provider(
                actor=request.user, voucher=voucher, provider=data["provider"]
            )
    elif action == "pagamento":
        if not allowed(request.user, "providers.validate_delivery"):
            raise NotAllowed(NOT_ALLOWED)
        form = BuonoPaymentForm(request.POST, prefix="pagamento")
        key, done = "pay_form", "Pagamento del buono registrato."

        def call(data):
            from ..services.deliveries import buono_pay

            return buono_pay(actor=request.user, voucher=voucher, **data)
    elif action in ("revoca", "chiusura", "rinuncia"):
        form = ReasonForm(request.POST, prefix=action, required=action != "chiusura")
        key, service, done = {
            "revoca": ("revoke_form", services.voucher_revoke, "Titolo revocato."),
            "chiusura": ("close_form", services.voucher_close, "Titolo concluso."),
            "rinuncia": ("cancel_form", services.waiting_cancel, "Uscito dalla lista d'attesa."),
        }[action]

        def call(data):
            return service(actor=request.user, voucher=voucher, reason=data["reason"] or "")
    else:
        raise Http404
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("providers:voucher", uuid=voucher.uuid)
    voucher = _voucher(request, voucher.uuid)
    return render(
        request,
        "providers/vouchers/voucher.html",
        _voucher_context(request, voucher, **{key: form}),
        status=422,
    )


@login_required
@permission_required(ISSUE, raise_exception=True)
def voucher_issue(request, case_uuid):
    from ambito.cases.models import Case

    case = (
        Case.objects.visible_to(request.user)
        .select_related("person")
        .filter(uuid=case_uuid)
        .first()
    )
    if case is None:
        raise Http404
    log_access(user=request.user, obj=case, person=case.person)  # the page names the person
    form = VoucherIssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["priority"] = data.get("priority") or 0
        data["wait_if_short"] = not data.pop("refuse_if_short", False)
        try:
            voucher = services.voucher_issue(actor=request.user, case=case, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if voucher.state == VoucherState.WAITING:
                position = selectors.waiting_position(voucher)
                messages.warning(
                    request,
                    "Budget della misura esaurito: titolo in lista d'attesa, "
                    f"posizione {position}.",
                )
            else:
                messages.success(request, f"Titolo n. {voucher.number} emesso.")
            return redirect("providers:voucher", uuid=voucher.uuid)
    return render(
        request,
        "providers/vouchers/issue.html",
        {
            "form": form,
            "case": case,
            "breadcrumbs": [
                ("Cartella", reverse("cases:detail", args=[case.uuid])),
                ("Nuovo titolo sociale", None),
            ],
        },
        status=422 if request.method == "POST" else 200,
    )
