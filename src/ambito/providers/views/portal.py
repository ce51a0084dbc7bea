"""The provider's portal: a provider's operator sees the vouchers spent with their organisation
(the beneficiary's first and last name and what was authorised, nothing else of the person or
the case), records the deliveries on one, and sees the payments received. Another provider's
voucher does not exist here (404). Every page naming beneficiaries is logged as a read of
each of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.audit import log_access
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed
from ambito.registry.models import Person

from ..forms.deliveries import DeliveryForm
from ..models import Voucher
from ..selectors import portal as selectors
from ..selectors.deliveries import delivery_totals
from ..services import deliveries as services
from ..services.common import NOT_ALLOWED


def _require_operator(request):
    if not selectors.is_operator(request.user):
        raise NotAllowed(NOT_ALLOWED)


def _crumbs(*items):
    return [("Portale dell'erogatore", reverse("providers:portal")), *items]


def log_beneficiaries(user, rows, **detail) -> None:
    """The read of the beneficiaries named (one access row each), without loading them."""
    persons = [Person(pk=pk) for pk in dict.fromkeys(row.person_id for row in rows)]
    if persons:
        log_access(
            user=user, object_type="providers.voucher", persons=persons, detail={"portale": True}
        )


@login_required
def portal(request):
    _require_operator(request)
    page = Paginator(selectors.portal_vouchers(request.user), 50).get_page(
        request.GET.get("pagina")
    )
    rows = selectors.rows(page.object_list)
    log_beneficiaries(request.user, rows)
    return render(
        request,
        "providers/portal/vouchers.html",
        {
            "page": page,
            "rows": rows,
            "querystring": "",
            "organisation": request.user.organisation,
            "breadcrumbs": [("Portale dell'erogatore", None)],
        },
    )


@login_required
def portal_voucher(request, uuid):
    _require_operator(request)
    row = selectors.portal_voucher(request.user, uuid)
    if row is None:
        raise Http404
    unit_label = services.unit_plural(row.unit) if row.unit else ""
    form = DeliveryForm(request.POST or None, unit_label=unit_label)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.delivery_record(
                    actor=request.user, voucher=Voucher.objects.get(pk=row.pk), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Prestazione registrata: la validerà l'ufficio di piano.")
                return redirect("providers:portal_voucher", uuid=row.uuid)
    log_access(user=request.user, obj=Voucher(uuid=row.uuid), person=Person(pk=row.person_id))
    return render(
        request,
        "providers/portal/voucher.html",
        {
            "voucher": row,
            "deliveries": selectors.portal_deliveries(request.user, row),
            "totals": delivery_totals(Voucher(pk=row.pk)),
            "unit_label": unit_label,
            "form": form,
            "breadcrumbs": _crumbs((f"Titolo n. {row.number or '—'}", None)),
        },
        status=status,
    )


@login_required
def portal_payments(request):
    _require_operator(request)
    page = Paginator(selectors.portal_payments(request.user), 50).get_page(
        request.GET.get("pagina")
    )
    payments = [(p, list(selectors.payment_lines(p))) for p in page.object_list]
    return render(
        request,
        "providers/portal/payments.html",
        {
            "page": page,
            "payments": payments,
            "querystring": "",
            "breadcrumbs": _crumbs(("Pagamenti ricevuti", None)),
        },
    )
