from django import forms

from ambito.catalog.models import Service
from ambito.core.forms import StyledFormMixin
from ambito.territory.models import Municipality, Organisation

from ..choices import ProviderMode

BLANK = [("", "—")]
ACTIVE_CHOICES = [("", "Tutti"), ("si", "Attivi"), ("no", "Non attivi")]


def _services(user):
    return Service.objects.visible_to(user).order_by("name")


class ProviderFilterForm(StyledFormMixin, forms.Form):
    modalita = forms.ChoiceField(
        label="Modalità", required=False, choices=[("", "Tutte")] + ProviderMode.choices
    )
    servizio = forms.ModelChoiceField(
        label="Servizio", required=False, queryset=Service.objects.none(), to_field_name="uuid"
    )
    attivo = forms.ChoiceField(label="Stato", required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servizio"].queryset = _services(user)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        active = {"si": True, "no": False}.get(data.get("attivo") or "")
        return {
            "mode": data.get("modalita") or "",
            "service": data.get("servizio"),
            "active": active,
        }


class _ProviderFields(StyledFormMixin, forms.Form):
    mode = forms.ChoiceField(label="Modalità di affidamento", choices=BLANK + ProviderMode.choices)
    services = forms.ModelMultipleChoiceField(
        label="Servizi della carta erogati",
        required=False,
        queryset=Service.objects.none(),
        to_field_name="uuid",
    )
    contract_reference = forms.CharField(label="Contratto / atto", max_length=200, required=False)
    contact_email = forms.EmailField(label="Email per i titoli sociali", required=False)
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].queryset = _services(user)
        self.fields["services"].widget.attrs["size"] = 6


class ProviderForm(_ProviderFields):
    organisation = forms.ModelChoiceField(
        label="Ente", queryset=Organisation.objects.none(), to_field_name="uuid"
    )
    field_order = ["organisation", "mode", "services", "contract_reference", "contact_email"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )


class ProviderEditForm(_ProviderFields):
    active = forms.BooleanField(label="Attivo nel registro", required=False)

    @staticmethod
    def initial_of(provider) -> dict:
        return {
            "mode": provider.mode,
            "services": [s.uuid for s in provider.services.all()],
            "contract_reference": provider.contract_reference,
            "contact_email": provider.contact_email,
            "notes": provider.notes,
            "active": provider.active,
        }


class StructureForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nome della struttura", max_length=200)
    kind = forms.CharField(label="Tipo (es. centro diurno)", max_length=100, required=False)
    address = forms.CharField(label="Indirizzo", max_length=300, required=False)
    municipality = forms.ModelChoiceField(
        label="Comune",
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
    )
    capacity = forms.IntegerField(label="Posti", required=False, min_value=0, max_value=100000)
    authorisation = forms.CharField(
        label="Autorizzazione al funzionamento", max_length=200, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.visible_to(user).order_by(
            "name"
        )
