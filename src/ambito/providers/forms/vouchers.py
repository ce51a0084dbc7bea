from django import forms

from ambito.catalog.models import Service
from ambito.core.forms import DateInput, StyledFormMixin
from ambito.planning.models import BudgetLine, FundSource
from ambito.territory.models import Municipality

from ..choices import SchemeStatus, VoucherKind, VoucherState
from ..models import AccreditationScheme, VoucherScheme

BLANK = [("", "—")]


class _LineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.year} · {obj.service_area} · {obj.fund.code}"


class _SchemeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.year} · {obj.title}"


class SchemeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Codice", max_length=20)
    title = forms.CharField(label="Titolo", max_length=300)
    kind = forms.ChoiceField(label="Tipo", choices=BLANK + VoucherKind.choices)
    service = forms.ModelChoiceField(
        label="Servizio della carta (requisiti)",
        queryset=Service.objects.none(),
        to_field_name="uuid",
        help_text="I requisiti del servizio (ISEE, età, residenza) decidono chi ha diritto.",
    )
    accreditation = forms.ModelChoiceField(
        label="Accreditamento degli erogatori",
        queryset=AccreditationScheme.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="Solo per i voucher: tra gli accreditati il beneficiario sceglie.",
    )
    value = forms.DecimalField(label="Valore di un titolo (€)", max_digits=14, decimal_places=2)
    units = forms.DecimalField(
        label="Unità per titolo", max_digits=10, decimal_places=2, required=False
    )
    valid_from = forms.DateField(label="Titoli validi dal", widget=DateInput)
    valid_until = forms.DateField(label="Titoli validi fino al", widget=DateInput)
    fund = forms.ModelChoiceField(
        label="Fondo", queryset=FundSource.objects.filter(active=True), to_field_name="code"
    )
    year = forms.IntegerField(label="Annualità del fondo", min_value=2000, max_value=2100)
    budget = forms.DecimalField(label="Budget (€)", max_digits=14, decimal_places=2)
    budget_line = _LineChoice(
        label="Voce del portafoglio", queryset=BudgetLine.objects.none(), required=False
    )
    decision_act = forms.CharField(label="Atto istitutivo", max_length=200, required=False)
    description = forms.CharField(label="Descrizione", required=False, widget=forms.Textarea)
    override_reason = forms.CharField(
        label="Motivo del superamento del residuo del fondo",
        required=False,
        max_length=200,
        help_text="Solo se il budget supera il residuo e hai il permesso di superarlo.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.visible_to(user).order_by("name")
        self.fields["accreditation"].queryset = AccreditationScheme.objects.visible_to(
            user
        ).order_by("title")
        self.fields["budget_line"].queryset = (
            BudgetLine.objects.visible_to(user)
            .select_related("fund")
            .order_by("-year", "service_area")
        )

    @staticmethod
    def initial_of(scheme: VoucherScheme) -> dict:
        return {
            "code": scheme.code,
            "title": scheme.title,
            "kind": scheme.kind,
            "service": scheme.service.uuid,
            "accreditation": scheme.accreditation.uuid if scheme.accreditation_id else None,
            "value": scheme.value,
            "units": scheme.units,
            "valid_from": scheme.valid_from,
            "valid_until": scheme.valid_until,
            "fund": scheme.fund.code,
            "year": scheme.year,
            "budget": scheme.budget,
            "budget_line": scheme.budget_line_id,
            "decision_act": scheme.decision_act,
            "description": scheme.description,
        }


class VoucherFilterForm(StyledFormMixin, forms.Form):
    misura = _SchemeChoice(
        label="Misura", required=False, queryset=VoucherScheme.objects.none(), to_field_name="uuid"
    )
    stato = forms.ChoiceField(label="Stato", required=False, choices=BLANK + VoucherState.choices)
    comune = forms.ModelChoiceField(
        label="Comune di residenza",
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["misura"].queryset = VoucherScheme.objects.visible_to(user).order_by(
            "-year", "code"
        )
        self.fields["comune"].queryset = Municipality.objects.filter(
            zone_id=getattr(user, "zone_id", None)
        ).order_by("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "scheme": data.get("misura"),
            "state": data.get("stato") or "",
            "municipality": data.get("comune"),
        }


class VoucherIssueForm(StyledFormMixin, forms.Form):
    scheme = _SchemeChoice(
        label="Misura", queryset=VoucherScheme.objects.none(), to_field_name="uuid"
    )
    requested_value = forms.DecimalField(
        label="Valore richiesto (€)",
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text="Vuoto: il valore di un titolo della misura.",
    )
    decision_act = forms.CharField(label="Atto di concessione", max_length=200)
    decision_date = forms.DateField(label="Data dell'atto", widget=DateInput)
    valid_from = forms.DateField(label="Valido dal", widget=DateInput)
    valid_until = forms.DateField(label="Valido fino al", widget=DateInput)
    priority = forms.IntegerField(
        label="Priorità in lista d'attesa",
        min_value=0,
        max_value=100,
        initial=0,
        required=False,
        help_text="Conta solo se il budget è esaurito: più alta, prima in lista.",
    )
    refuse_if_short = forms.BooleanField(
        label="Se il budget non basta, non mettere la richiesta in lista d'attesa",
        required=False,
        help_text="Con la spunta, una richiesta che il budget non copre è rifiutata.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = (
            VoucherScheme.objects.visible_to(user)
            .filter(status=SchemeStatus.OPEN)
            .order_by("-year", "code")
        )


class ChooseProviderForm(StyledFormMixin, forms.Form):
    provider = forms.ChoiceField(label="Erogatore scelto dal beneficiario")

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {str(p.uuid): p for p in providers}
        self.fields["provider"].choices = BLANK + [
            (key, p.organisation.name) for key, p in self.providers.items()
        ]

    def clean_provider(self):
        return self.providers[self.cleaned_data["provider"]]


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motivo", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required


class BuonoPaymentForm(StyledFormMixin, forms.Form):
    """A *buono* paid to its beneficiary by the plan office."""

    amount = forms.DecimalField(
        label="Importo pagato (€)", max_digits=14, decimal_places=2, localize=True
    )
    act_number = forms.CharField(label="Atto di liquidazione", max_length=60)
    paid_on = forms.DateField(label="Pagato il", widget=DateInput)
