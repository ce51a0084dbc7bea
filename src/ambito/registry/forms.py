from django import forms

from ambito.core.forms import DateInput, StyledFormMixin
from ambito.territory.models import Municipality

from .choices import IseeKind, LegalBasis, Relationship


class SearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="Codice fiscale, cognome e nome, o data di nascita",
        max_length=100,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}
        ),
        help_text="Esempi: RSSMRA80A01G713F · rossi mario · de luca, anna · rossi 01/01/1980",
    )


class AccessReasonForm(StyledFormMixin, forms.Form):
    fiscal_code = forms.CharField(widget=forms.HiddenInput())
    reason = forms.CharField(
        label="Motivo dell'accesso",
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Sarà registrato e segnalato all'amministratore di ambito.",
        error_messages={
            "required": "Scrivi il motivo dell'accesso.",
            "min_length": "Scrivi il motivo dell'accesso (almeno 10 caratteri).",
        },
    )


class PersonForm(StyledFormMixin, forms.Form):
    fiscal_code = forms.CharField(
        label="Codice fiscale",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "cf"}),
        help_text="Data e luogo di nascita e sesso si ricavano dal codice.",
    )
    last_name = forms.CharField(label="Cognome", max_length=100)
    first_name = forms.CharField(label="Nome", max_length=100)
    citizenship = forms.CharField(label="Cittadinanza", max_length=100, required=False)
    residence_municipality = forms.ModelChoiceField(
        label="Comune di residenza", queryset=Municipality.objects.none()
    )
    residence_address = forms.CharField(
        label="Indirizzo di residenza", max_length=200, required=False
    )
    domicile_address = forms.CharField(
        label="Domicilio (se diverso)", max_length=200, required=False
    )
    phone = forms.CharField(label="Telefono", max_length=32, required=False)
    email = forms.EmailField(label="Email", required=False)
    language = forms.CharField(label="Lingua", max_length=50, required=False)
    legal_guardian = forms.CharField(
        label="Tutore / amministratore di sostegno", max_length=200, required=False
    )
    privacy_notice_date = forms.DateField(
        label="Informativa privacy consegnata il", required=False, widget=DateInput()
    )
    legal_basis = forms.ChoiceField(
        label="Base giuridica del trattamento",
        choices=LegalBasis.choices,
        initial=LegalBasis.SOCIAL_CARE,
    )
    confirmed = forms.BooleanField(
        label="Ho verificato: non è la stessa persona / i dati sono corretti",
        required=False,
        widget=forms.HiddenInput(),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence_municipality"].queryset = municipalities

    def show_confirmation(self):
        self.fields["confirmed"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})


class PersonEditForm(PersonForm):
    """Editing keeps the code in its own field: changing it re-derives birth data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["confirmed"]


class IseeForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=IseeKind.choices, initial=IseeKind.ORDINARY)
    value = forms.DecimalField(
        label="Valore ISEE (€)",
        max_digits=10,
        decimal_places=2,
        min_value=0,
        localize=True,
        help_text="Per esempio 8.500,00",
        error_messages={"min_value": "Il valore ISEE non può essere negativo."},
    )
    valid_from = forms.DateField(label="Valido dal", widget=DateInput())
    valid_until = forms.DateField(label="Valido fino al", widget=DateInput())
    dsu_protocol = forms.CharField(label="Protocollo DSU", max_length=40, required=False)


class AddMemberForm(StyledFormMixin, forms.Form):
    fiscal_code = forms.CharField(
        label="Codice fiscale del componente",
        max_length=20,
        help_text="La persona deve essere già registrata in anagrafe.",
    )
    relationship = forms.ChoiceField(
        label="Relazione con l'intestatario",
        choices=[c for c in Relationship.choices if c[0] != Relationship.HEAD],
    )
    start_date = forms.DateField(label="Nel nucleo dal", widget=DateInput())


class EndMembershipForm(StyledFormMixin, forms.Form):
    end_date = forms.DateField(label="Uscita dal nucleo il", widget=DateInput())
