from django import forms

from ambito.core.forms import StyledFormMixin

from ..choices import CommitmentSide

MONTH_FORMATS = ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"]


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m")


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = MONTH_FORMATS
    default_error_messages = {"invalid": "Indica il mese come AAAA-MM (per esempio 2026-03)."}


class CommitmentForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label="Ente", queryset=None)
    line = forms.ModelChoiceField(label="Linea del patto", queryset=None)
    month = MonthField(label="Mese")
    hours = forms.DecimalField(label="Ore dedicate", decimal_places=1, localize=True)
    people = forms.IntegerField(label="Persone impegnate", initial=0)
    expenses = forms.DecimalField(
        label="Spese sostenute (€)", decimal_places=2, localize=True, initial=0
    )
    activities = forms.CharField(
        label="Attività svolte", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    training_hours = forms.DecimalField(
        label="Ore di formazione frequentate", decimal_places=1, localize=True, initial=0
    )
    training_note = forms.CharField(label="Formazione frequentata", max_length=300, required=False)
    results = forms.CharField(
        label="Risultati restituiti al territorio",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Compaiono nella pagina pubblica di trasparenza della linea.",
    )
    side = forms.ChoiceField(label="Parte", choices=CommitmentSide.choices)

    def __init__(self, *args, organisations, lines, fixed: bool = False, **kwargs):
        """`fixed`: organisation, line and month are those of the record being edited."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].to_field_name = "uuid"
        self.fields["line"].queryset = lines
        self.fields["line"].to_field_name = "uuid"
        self.fields["line"].label_from_instance = lambda o: f"{o.code} · {o.title[:80]}"
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first().uuid
            self.fields["organisation"].empty_label = None
        if fixed:
            for name in ("organisation", "line", "month"):
                del self.fields[name]


class CommitmentFilterForm(StyledFormMixin, forms.Form):
    linea = forms.ModelChoiceField(
        label="Linea", queryset=None, required=False, empty_label="Tutte le linee"
    )
    mese = MonthField(label="Mese", required=False)
    ente = forms.ModelChoiceField(
        label="Ente", queryset=None, required=False, empty_label="Tutti gli enti"
    )

    def __init__(self, *args, organisations, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linea"].queryset = lines
        self.fields["linea"].to_field_name = "uuid"
        self.fields["linea"].label_from_instance = lambda o: f"{o.code} · {o.title[:80]}"
        self.fields["ente"].queryset = organisations
        self.fields["ente"].to_field_name = "uuid"
