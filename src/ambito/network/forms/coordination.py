"""Forms of the area services' coordination and of the shared documents. The choices of users
and area services come from the views (the zone's, through the selectors)."""

from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from ..choices import AreaServiceKind, SharedDocumentKind

BLANK = [("", "—")]


def _person_label(user) -> str:
    return user.get_full_name() or user.username


class AreaServiceForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=BLANK + AreaServiceKind.choices)
    name = forms.CharField(label="Nome", max_length=200)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    coordinator = forms.ModelChoiceField(
        label="Coordinatore", queryset=None, required=False, empty_label="Nessuno"
    )
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Telefono", max_length=32, required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = users
        self.fields["coordinator"].label_from_instance = _person_label


class MemberAddForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="Operatore", queryset=None, empty_label="Scegli")
    role = forms.CharField(label="Ruolo nel servizio", max_length=100, required=False)
    joined_on = forms.DateField(label="Dal", widget=DateInput())

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = _person_label


class MemberRemoveForm(StyledFormMixin, forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    left_on = forms.DateField(label="Uscito il", widget=DateInput())


class DocumentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=BLANK + SharedDocumentKind.choices)
    title = forms.CharField(label="Titolo", max_length=300)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    area_service = forms.ModelChoiceField(
        label="Servizio di area", queryset=None, required=False, empty_label="Tutto l'ambito"
    )
    file = forms.FileField(
        label="Documento (PDF, JPEG o PNG)", required=False, help_text="Al massimo 10 MB."
    )
    note = forms.CharField(label="Nota sulla versione", max_length=300, required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_service"].queryset = services


class VersionForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Nuova versione (PDF, JPEG o PNG)", required=False, help_text="Al massimo 10 MB."
    )
    note = forms.CharField(label="Cosa cambia", max_length=300, required=False)


class DocumentFilterForm(StyledFormMixin, forms.Form):
    """The filters of the documents' list (GET): what does not validate is not applied."""

    tipo = forms.ChoiceField(
        label="Tipo", required=False, choices=[("", "Tutti i tipi")] + SharedDocumentKind.choices
    )
    servizio = forms.ModelChoiceField(
        label="Servizio di area",
        queryset=None,
        required=False,
        empty_label="Tutti i servizi",
        to_field_name="uuid",
    )
    da_leggere = forms.BooleanField(label="Solo da leggere", required=False)
    archiviati = forms.BooleanField(label="Archiviati", required=False)

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["servizio"].queryset = services
