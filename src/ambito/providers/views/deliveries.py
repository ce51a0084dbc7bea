"""The plan office's pages of deliveries and payments: the deliveries with their filters (the
recorded ones validated together or rejected one by one with a reason), the payments, a new
payment (a provider and a scheme, then the validated deliveries to pay, the act and the date),
one payment. No beneficiary is named here: a delivery is shown by its voucher's number."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.forms import add_service_errors
from ambito.core.permissions import allowed

from ..forms.deliveries import DeliveryFilterForm, PaymentChoiceForm, PaymentForm, RejectForm
from ..selectors import deliveries as selectors
from ..services import deliveries as services

VIEW_DELIVERY = "providers.view_delivery"
VIEW_PAYMENT = "providers.view_payment"
VALIDATE = "providers.validate_delivery"


def _crumbs(*items):
    return [("Prestazioni dei titoli sociali", reverse("providers:deliveries")), *items]


def _payment_crumbs(*items):
    return [("Pagamenti dei titoli sociali", reverse("providers:payments")), *items]


def _errors(error: ValidationError) -> list[str]:
    return (
        [text for texts in error.message_dict.values() for text in texts]
        if hasattr(error, "error_dict")
        else list(error.messages)
    )


@login_required
@permission_required(VIEW_DELIVERY, raise_exception=True)
def delivery_list(request):
    form = DeliveryFilterForm(request.GET or None, user=request.user)
    reject_form = RejectForm(prefix="rifiuto")
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        done, errors, reject_form = _post(request)
        if done:
            messages.success(request, done)
            return redirect(request.get_full_path())
        status = 422
    rows = selectors.deliveries_for(user=request.user, **form.filters())
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "providers/deliveries/list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_validate": allowed(request.user, VALIDATE),
            "to_validate": selectors.to_validate(request.user).count(),
            "reject_form": reject_form,
            "errors": errors,
            "breadcrumbs": [("Prestazioni dei titoli sociali", None)],
        },
        status=status,
    )


def _post(request):
    """(success message, errors, reject form) of a validation or a rejection."""
    reject_form = RejectForm(prefix="rifiuto")
    action = request.POST.get("azione")
    if action == "valida":
        uuids = request.POST.getlist("prestazione")
        chosen = list(selectors.deliveries_for(user=request.user).filter(uuid__in=uuids))
        if len(chosen) != len(set(uuids)):
            raise Http404
        try:
            done = services.delivery_validate(actor=request.user, deliveries=chosen)
        except ValidationError as error:
            return None, _errors(error), reject_form
        return f"Prestazioni validate: {len(done)}.", [], reject_form
    if action == "respingi":
        delivery = selectors.delivery_for(user=request.user, uuid=request.POST.get("prestazione"))
        if delivery is None:
            raise Http404
        reject_form = RejectForm(request.POST, prefix="rifiuto")
        if not reject_form.is_valid():
            return None, ["Indica il motivo del rifiuto."], reject_form
        try:
            services.delivery_reject(
                actor=request.user, delivery=delivery, reason=reject_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(reject_form, error)
            return None, _errors(error), reject_form
        return "Prestazione respinta: l'importo torna disponibile sul titolo.", [], reject_form
    raise Http404


@login_required
@permission_required(VIEW_PAYMENT, raise_exception=True)
def payment_list(request):
    rows = selectors.payments_for(user=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "providers/deliveries/payments.html",
        {
            "page": page,
            "querystring": "",
            "can_pay": allowed(request.user, VALIDATE),
            "breadcrumbs": [("Pagamenti dei titoli sociali", None)],
        },
    )


@login_required
@permission_required(VALIDATE, raise_exception=True)
def payment_add(request):
    choice = PaymentChoiceForm(request.GET or None, user=request.user)
    provider = scheme = None
    rows = []
    if choice.is_valid():
        provider, scheme = choice.cleaned_data["erogatore"], choice.cleaned_data["misura"]
        rows = list(selectors.payable(user=request.user, provider=provider, scheme=scheme))
    form = PaymentForm(request.POST or None)
    chosen_uuids = set(request.POST.getlist("prestazione"))
    errors: list[str] = []
    if request.method == "POST":
        if provider is None:
            raise Http404
        chosen = [d for d in rows if str(d.uuid) in chosen_uuids]
        if len(chosen) != len(chosen_uuids):
            errors.append("Una o più prestazioni scelte non sono più da pagare.")
        elif form.is_valid():
            try:
                payment = services.payment_create(
                    actor=request.user,
                    provider=provider,
                    scheme=scheme,
                    deliveries=chosen,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                errors = add_service_errors(form, error, elsewhere=("deliveries",))
            else:
                messages.success(request, f"Pagamento {payment.act_number} registrato.")
                return redirect("providers:payment", uuid=payment.uuid)
    return render(
        request,
        "providers/deliveries/payment_add.html",
        {
            "choice": choice,
            "provider": provider,
            "scheme": scheme,
            "rows": rows,
            "chosen": chosen_uuids,
            "form": form,
            "errors": errors,
            "breadcrumbs": _payment_crumbs(("Nuovo pagamento", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW_PAYMENT, raise_exception=True)
def payment_detail(request, uuid):
    payment = selectors.payment_for(user=request.user, uuid=uuid)
    if payment is None:
        raise Http404
    return render(
        request,
        "providers/deliveries/payment.html",
        {
            "payment": payment,
            "lines": selectors.payment_deliveries(payment),
            "breadcrumbs": _payment_crumbs((payment.act_number, None)),
        },
    )
