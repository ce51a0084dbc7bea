from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from ..choices import DeliveryState
from ..models import Provider, VoucherScheme

BLANK = [("", "—")]


class _ProviderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class _SchemeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.year} · {obj.title}"


def _providers(user):
    return Provider.objects.visible_to(user).select_related("organisation")


def _schemes(user):
    return VoucherScheme.objects.visible_to(user).order_by("-year", "code")


class DeliveryForm(StyledFormMixin, forms.Form):
    """A delivery on a voucher: the dates, the units (hours, accesses...) and a note."""

    date_from = forms.DateField(label="Dal", widget=DateInput())
    date_to = forms.DateField(label="Al", widget=DateInput())
    units = forms.DecimalField(
        label="Unità erogate (ore, accessi...)",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        localize=True,
    )
    note = forms.CharField(label="Nota", max_length=300, required=False)

    def __init__(self, *args, unit_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if unit_label:
            self.fields["units"].label = f"Unità erogate ({unit_label})"


class DeliveryFilterForm(StyledFormMixin, forms.Form):
    stato = forms.ChoiceField(label="Stato", required=False, choices=BLANK + DeliveryState.choices)
    erogatore = _ProviderChoice(
        label="Erogatore", required=False, queryset=Provider.objects.none(), to_field_name="uuid"
    )
    misura = _SchemeChoice(
        label="Misura", required=False, queryset=VoucherScheme.objects.none(), to_field_name="uuid"
    )
    mese = forms.CharField(
        label="Mese",
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text="Le prestazioni con date nel mese (aaaa-mm).",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["erogatore"].queryset = _providers(user)
        self.fields["misura"].queryset = _schemes(user)

    def clean_mese(self):
        from ..selectors.deliveries import month_bounds

        value = (self.cleaned_data.get("mese") or "").strip()
        if value and month_bounds(value) is None:
            raise forms.ValidationError("Indica il mese come aaaa-mm (es. 2026-03).")
        return value

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": data.get("stato") or "",
            "provider": data.get("erogatore"),
            "scheme": data.get("misura"),
            "month": data.get("mese") or "",
        }


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Motivo del rifiuto", max_length=300)


class PaymentChoiceForm(StyledFormMixin, forms.Form):
    """The first step of a payment: whose deliveries, of which scheme."""

    erogatore = _ProviderChoice(
        label="Erogatore", queryset=Provider.objects.none(), to_field_name="uuid"
    )
    misura = _SchemeChoice(
        label="Misura", queryset=VoucherScheme.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["erogatore"].queryset = _providers(user)
        self.fields["misura"].queryset = _schemes(user).filter(kind="voucher")


class PaymentForm(StyledFormMixin, forms.Form):
    act_number = forms.CharField(label="Atto di liquidazione", max_length=60)
    paid_on = forms.DateField(label="Pagato il", widget=DateInput())


class BuonoPaymentForm(PaymentForm):
    amount = forms.DecimalField(
        label="Importo (€)", max_digits=14, decimal_places=2, min_value=0, localize=True
    )
