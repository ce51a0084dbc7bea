from django import forms

from ambito.catalog.models import Service
from ambito.core.forms import DateInput, StyledFormMixin

from ..choices import ApplicationState, RequirementOutcome, TariffUnit
from ..models import AccreditationScheme, Provider

BLANK = [("", "—")]


class SchemeForm(StyledFormMixin, forms.Form):
    service = forms.ModelChoiceField(
        label="Servizio della carta", queryset=Service.objects.none(), to_field_name="uuid"
    )
    title = forms.CharField(label="Titolo", max_length=300)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    act = forms.CharField(label="Atto di approvazione", max_length=200, required=False)
    validity_months = forms.IntegerField(
        label="Validità (mesi)", min_value=1, max_value=240, initial=36
    )
    tariff = forms.DecimalField(
        label="Tariffa per unità (€)", decimal_places=2, max_digits=14, min_value=0, localize=True
    )
    unit = forms.ChoiceField(label="Unità", choices=BLANK + TariffUnit.choices)
    opens_on = forms.DateField(label="Domande dal", widget=DateInput())
    closes_on = forms.DateField(label="Domande fino al", required=False, widget=DateInput())
    requirements = forms.CharField(
        label="Requisiti (uno per riga)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Ogni requisito richiede un documento.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.visible_to(user).order_by("name")

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["description"] = data.get("description") or ""
        data["act"] = data.get("act") or ""
        data["requirements"] = (data.get("requirements") or "").splitlines()
        return data


class RequirementForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="Nuovo requisito", max_length=500)
    document_required = forms.BooleanField(
        label="Richiede un documento", required=False, initial=True
    )


class ApplicationFilterForm(StyledFormMixin, forms.Form):
    stato = forms.ChoiceField(
        label="Stato", required=False, choices=[("", "Tutti")] + ApplicationState.choices
    )
    sistema = forms.ModelChoiceField(
        label="Sistema di accreditamento",
        required=False,
        queryset=AccreditationScheme.objects.none(),
        to_field_name="uuid",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sistema"].queryset = AccreditationScheme.objects.visible_to(user).order_by(
            "title"
        )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "state": self.cleaned_data.get("stato") or "",
            "scheme": self.cleaned_data.get("sistema"),
        }


class ApplicationForm(StyledFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(
        label="Sistema di accreditamento",
        queryset=AccreditationScheme.objects.none(),
        to_field_name="uuid",
    )
    provider = forms.ModelChoiceField(
        label="Erogatore", queryset=Provider.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = (
            AccreditationScheme.objects.visible_to(user).filter(active=True).order_by("title")
        )
        self.fields["provider"].queryset = (
            Provider.objects.visible_to(user)
            .filter(active=True)
            .select_related("organisation")
            .order_by("organisation__name")
        )


class EvidenceForm(StyledFormMixin, forms.Form):
    upload = forms.FileField(label="Documento (PDF, JPEG o PNG)", required=False)
    note = forms.CharField(
        label="Nota dell'ente", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Esito",
        choices=BLANK
        + [
            (RequirementOutcome.MET, "Soddisfatto"),
            (RequirementOutcome.NOT_MET, "Non soddisfatto"),
        ],
    )
    note = forms.CharField(
        label="Nota dell'istruttoria", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decisione",
        choices=BLANK + [("accredita", "Accredita"), ("respingi", "Respingi")],
    )
    decision_act = forms.CharField(label="Atto", max_length=200, required=False)
    valid_from = forms.DateField(label="Accreditato dal", required=False, widget=DateInput())
    valid_until = forms.DateField(
        label="Accreditato fino al",
        required=False,
        widget=DateInput(),
        help_text="Vuoto: secondo la validità del sistema.",
    )
    reason = forms.CharField(
        label="Motivazione (obbligatoria per il rigetto)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Motivazione", widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motivazione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
