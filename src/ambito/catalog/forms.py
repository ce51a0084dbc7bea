from django import forms

from ambito.core.forms import StyledFormMixin
from ambito.territory.models import AccessPoint, Municipality, Organisation, Zone

from .choices import ServiceStatus
from .models import NeedArea, Service
from .services import SERVICE_FIELDS, SERVICE_RELATIONS


class ServiceForm(StyledFormMixin, forms.ModelForm):
    """The operator's form; the service layer validates (its messages come back here)."""

    class Meta:
        model = Service
        fields = [
            "name",
            "slug",
            "short_description",
            "description",
            "target_groups",
            "need_areas",
            "intervention_type",
            "min_age",
            "max_age",
            "residence_required",
            "municipalities",
            "isee_max",
            "other_conditions",
            "is_free",
            "cost",
            "how_to_apply",
            "documents",
            "provider",
            "access_points",
            "phone",
            "email",
            "legal_reference",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "other_conditions": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "documents": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": "Vuoto: ricavato dal nome.",
            "documents": "Un documento per riga.",
        }

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["provider"].queryset = Organisation.objects.filter(zone=zone)
        self.fields["access_points"].queryset = AccessPoint.objects.filter(zone=zone)
        self.fields["municipalities"].queryset = Municipality.objects.filter(zone=zone)
        self.fields["need_areas"].queryset = NeedArea.objects.all()

    def _post_clean(self):
        # Model validation is the service layer's job (services.service_create/update).
        pass

    def service_data(self) -> dict:
        allowed = set(SERVICE_FIELDS) | set(SERVICE_RELATIONS)
        return {k: v for k, v in self.cleaned_data.items() if k in allowed}


class ServiceFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Testo", required=False, max_length=100)
    need_area = forms.ModelChoiceField(
        label="Area di bisogno", queryset=NeedArea.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label="Stato", choices=[("", "Tutti")] + list(ServiceStatus.choices), required=False
    )


class CharterSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Cerca un servizio", required=False, max_length=100)
    area = forms.ModelChoiceField(
        label="Area di bisogno",
        queryset=NeedArea.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="Tutte le aree",
    )


class OrientationForm(StyledFormMixin, forms.Form):
    fiscal_code = forms.CharField(
        label="Codice fiscale della persona",
        required=False,
        max_length=16,
        help_text="Se indicato, età, residenza e ISEE sono presi dall'anagrafe.",
    )
    age = forms.IntegerField(label="Età (anni)", required=False, min_value=0, max_value=120)
    municipality = forms.ModelChoiceField(
        label="Comune di residenza", queryset=Municipality.objects.none(), required=False
    )
    isee = forms.DecimalField(
        label="Valore ISEE (€)", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    need_areas = forms.ModelMultipleChoiceField(
        label="Aree di bisogno", queryset=NeedArea.objects.all(), required=False
    )

    def __init__(self, *args, zone: Zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(zone=zone)

    def clean_fiscal_code(self):
        return self.cleaned_data["fiscal_code"].strip().upper()
