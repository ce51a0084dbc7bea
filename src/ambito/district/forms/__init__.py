"""Forms of the district services (Italian labels; the services check everything)."""

from django import forms

from ambito.core.forms import DateInput, StyledFormMixin
from ambito.planning.models import FundSource
from ambito.territory.models import Organisation

from ..choices import HoursPeriod, LineKind, Priority

BLANK = [("", "—")]


class LineForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo di servizio", choices=BLANK + LineKind.choices)
    name = forms.CharField(label="Nome", max_length=200)
    provider = forms.ModelChoiceField(
        label="Ente gestore (se il servizio è esternalizzato)",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="I suoi operatori registrano le ore delle prese in carico.",
    )
    hourly_cost = forms.DecimalField(
        label="Costo orario (€)", min_value=0, max_digits=8, decimal_places=2
    )
    fund = forms.ModelChoiceField(
        label="Fondo", queryset=FundSource.objects.filter(active=True), to_field_name="code"
    )
    year = forms.IntegerField(label="Annualità del fondo", min_value=2000, max_value=2100)
    description = forms.CharField(label="Descrizione", widget=forms.Textarea, required=False)
    active = forms.BooleanField(label="Accoglie nuove segnalazioni", required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(
            zone_id=user.zone_id
        ).order_by("name")


class ReferForm(StyledFormMixin, forms.Form):
    line = forms.UUIDField(label="Servizio")
    priority = forms.TypedChoiceField(
        label="Priorità", choices=Priority.choices, coerce=int, initial=Priority.ORDINARY
    )
    hours_per_week = forms.DecimalField(label="Ore settimanali previste", max_digits=6)
    reason = forms.CharField(label="Motivo della segnalazione", widget=forms.Textarea)


class TransitionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    on = forms.DateField(label="Data", widget=DateInput, required=False)
    reason = forms.CharField(
        label="Motivo", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class HoursForm(StyledFormMixin, forms.Form):
    period = forms.ChoiceField(label="Periodo", choices=HoursPeriod.choices)
    on = forms.DateField(
        label="Data", widget=DateInput, help_text="Per un mese: un giorno qualsiasi del mese."
    )
    hours = forms.DecimalField(label="Ore", max_digits=8, decimal_places=2)
    operator = forms.CharField(label="Operatore", max_length=200)
    note = forms.CharField(label="Nota", max_length=300, required=False)
    override_reason = forms.CharField(
        label="Motivo del superamento del residuo del fondo",
        required=False,
        help_text="Solo se il fondo non ha residuo e hai il permesso di superarlo.",
    )


class YearForm(forms.Form):
    anno = forms.IntegerField(min_value=2000, max_value=2100, required=False)
