"""Forms of child protection with the court (Italian labels)."""

from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from ..choices import Authority, DaysFrom, OrderKind, ProfessionalKind
from ..models import ReportTemplate, UvmMember

BLANK = [("", "—")]


class OrderForm(StyledFormMixin, forms.Form):
    minor = forms.ChoiceField(label="Minore interessato", required=False)
    authority = forms.ChoiceField(label="Autorità giudiziaria", choices=BLANK + Authority.choices)
    kind = forms.ChoiceField(label="Tipo di provvedimento", choices=BLANK + OrderKind.choices)
    reference = forms.CharField(label="Riferimento (n. RG)", max_length=60)
    order_date = forms.DateField(label="Data del provvedimento", widget=DateInput())
    received_date = forms.DateField(label="Data di ricezione", widget=DateInput())
    subject = forms.CharField(label="Oggetto", widget=forms.Textarea(attrs={"rows": 3}))
    report_days = forms.IntegerField(
        label="Relazione entro (giorni di calendario)",
        required=False,
        min_value=1,
        max_value=730,
        help_text="Se la scadenza cade di sabato, domenica o in un giorno festivo slitta al "
        "primo giorno lavorativo successivo.",
    )
    days_from = forms.ChoiceField(
        label="I giorni decorrono", choices=DaysFrom.choices, initial=DaysFrom.ORDER
    )
    due_date = forms.DateField(
        label="Oppure: scadenza fissata dal provvedimento",
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, minors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.minors = {str(p.uuid): p for p in minors}
        self.fields["minor"].choices = BLANK + [
            (key, f"{p.full_name} ({p.birth_date:%d/%m/%Y})") for key, p in self.minors.items()
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["minor"] = self.minors.get(data.get("minor") or "")
        return data


class DraftForm(StyledFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        label="Modello di relazione",
        queryset=ReportTemplate.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Nessun modello (testo vuoto)",
    )

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates


class ReportBodyForm(StyledFormMixin, forms.Form):
    body = forms.CharField(
        label="Testo della relazione", widget=forms.Textarea(attrs={"rows": 24}), strip=False
    )


class DeliverForm(StyledFormMixin, forms.Form):
    delivered_on = forms.DateField(label="Data di consegna", widget=DateInput())
    protocol_number = forms.CharField(label="Numero di protocollo", max_length=60)


class TemplateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nome del modello", max_length=200)
    body = forms.CharField(
        label="Testo con segnaposto", widget=forms.Textarea(attrs={"rows": 20}), strip=False
    )
    active = forms.BooleanField(label="In uso", required=False, initial=True)


class TeamForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nome dell'UVM", max_length=200)


class MemberForm(StyledFormMixin, forms.Form):
    user = forms.ChoiceField(label="Utente del sistema", required=False)
    external_name = forms.CharField(
        label="Oppure: professionista esterno (nome e cognome)", max_length=200, required=False
    )
    organisation = forms.CharField(label="Ente", max_length=200, required=False)
    profession = forms.ChoiceField(label="Professione", choices=BLANK + ProfessionalKind.choices)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.users = {str(u.pk): u for u in users}
        self.fields["user"].choices = BLANK + [
            (key, u.get_full_name() or u.username) for key, u in self.users.items()
        ]


class MeetingForm(StyledFormMixin, forms.Form):
    case = forms.ChoiceField(label="Cartella")
    held_on = forms.DateField(label="Data dell'incontro", widget=DateInput())
    present = forms.ModelMultipleChoiceField(
        label="Presenti",
        queryset=UvmMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.CharField(label="Decisioni", widget=forms.Textarea(attrs={"rows": 4}))
    minutes = forms.CharField(
        label="Verbale", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args, team=None, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = {str(c.uuid): c for c in cases}
        self.fields["case"].choices = BLANK + [(k, c.number) for k, c in self.cases.items()]
        if team is not None:
            self.fields["present"].queryset = team.members.select_related("user")
            self.fields["present"].label_from_instance = lambda m: m.label
        # Checkboxes are styled by the template, not as a form-control.
        self.fields["present"].widget.attrs.pop("class", None)


class FiguresFilterForm(StyledFormMixin, forms.Form):
    anno = forms.IntegerField(
        label="Anno della scadenza", required=False, min_value=2000, max_value=2100
    )
