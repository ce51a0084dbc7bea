"""Forms of the emergency service. The report form is one column of large fields, made to be
filled on a phone at night: the time defaults to now, the criteria are checkboxes grouped by
situation, and up to three persons can be described without being identified."""

from django import forms
from django.utils import timezone

from ambito.core.forms import DateInput, DateTimeLocalInput, StyledFormMixin
from ambito.territory.models import Municipality

from .choices import ImmediateMeasure, PlaceType, ReporterKind, ShiftRole
from .models import UrgencyCriterion

PERSON_ROWS = 3


def _zone_municipalities(user):
    return Municipality.objects.visible_to(user).order_by("name")


def zone_criteria(user):
    """Active criteria the user may use: those that apply everywhere or were added by their
    zone (UrgencyCriterionQuerySet)."""
    return UrgencyCriterion.objects.visible_to(user).filter(active=True)


class ReportForm(StyledFormMixin, forms.Form):
    reported_at = forms.DateTimeField(
        label="Data e ora della chiamata", widget=DateTimeLocalInput()
    )
    reporter_kind = forms.ChoiceField(label="Chi segnala", choices=ReporterKind.choices)
    reporter_name = forms.CharField(label="Nome di chi segnala", max_length=200, required=False)
    reporter_phone = forms.CharField(
        label="Recapito di chi segnala",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    municipality = forms.ModelChoiceField(
        label="Comune dove si trova la persona", queryset=None, empty_label="Scegli il comune"
    )
    location = forms.CharField(label="Luogo (indirizzo o riferimento)", max_length=200)
    situation = forms.CharField(
        label="Situazione",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="Non scrivere qui i nomi dei minori: vanno nei campi della persona, riservati.",
    )
    criteria = forms.ModelMultipleChoiceField(
        label="Criteri di urgenza soddisfatti",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    handover_municipality = forms.ModelChoiceField(
        label="Comune competente per il passaggio (se diverso, per esempio la residenza)",
        queryset=None,
        required=False,
        empty_label="Lo stesso comune",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _zone_municipalities(user)
        # The competent municipality is checked by the service too (any municipality may be
        # posted through the API); the form offers the zone's.
        self.fields["handover_municipality"].queryset = Municipality.objects.all()
        self.fields["handover_municipality"].widget.choices = [
            ("", "Lo stesso comune"),
            *[(m.pk, m.name) for m in _zone_municipalities(user)],
        ]
        self.fields["criteria"].queryset = zone_criteria(user)
        self.fields["criteria"].widget.attrs.pop("class", None)
        if not self.is_bound:
            self.initial.setdefault(
                "reported_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def criteria_groups(self):
        """(situation, [sub-criteria]) for the template, with the posted choices marked."""
        chosen = {str(v) for v in (self["criteria"].value() or [])}
        criteria = list(self.fields["criteria"].queryset)
        for c in criteria:
            c.checked = str(c.pk) in chosen
        return [
            (top, [c for c in criteria if c.parent_id == top.pk])
            for top in criteria
            if top.parent_id is None
        ]


class PersonForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label="Nome", max_length=100, required=False)
    last_name = forms.CharField(label="Cognome", max_length=100, required=False)
    fiscal_code = forms.CharField(label="Codice fiscale (se noto)", max_length=16, required=False)
    age = forms.IntegerField(
        label="Età (anche stimata)", min_value=0, max_value=120, required=False
    )
    sex = forms.ChoiceField(
        label="Sesso", choices=[("", "—"), ("F", "Femmina"), ("M", "Maschio")], required=False
    )
    is_minor = forms.BooleanField(label="È minorenne", required=False)
    description = forms.CharField(
        label="Descrizione, se non identificata",
        max_length=200,
        required=False,
        help_text="Per esempio: «donna di circa 30 anni con un bambino».",
    )

    def is_empty(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) not in (None, "", False) for name in self.fields)


PersonFormSet = forms.formset_factory(PersonForm, extra=PERSON_ROWS, max_num=PERSON_ROWS)


class RespondForm(StyledFormMixin, forms.Form):
    measures = forms.MultipleChoiceField(
        label="Interventi immediati",
        choices=ImmediateMeasure.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].widget.attrs.pop("class", None)


class PlacementForm(StyledFormMixin, forms.Form):
    shelter = forms.ChoiceField(label="Struttura")
    place_type = forms.ChoiceField(label="Tipo di posto", choices=PlaceType.choices)
    places = forms.IntegerField(
        label="Posti (una donna con un bambino occupa due posti)", min_value=1, max_value=20
    )

    def __init__(self, *args, availability, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shelter"].choices = [("", "Scegli la struttura")] + [
            (
                str(row.shelter.uuid),
                f"{row.shelter.name} — "
                + (
                    ", ".join(f"{p.label.lower()}: {p.free} liberi" for p in row.places)
                    if row.shelter.is_open
                    else "chiusa"
                ),
            )
            for row in availability
        ]
        self.initial.setdefault("places", 1)


class NotEmergencyForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Perché non è un'emergenza", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    referred_to = forms.CharField(label="Dove è stato indirizzato", max_length=200, required=False)


class AcknowledgeForm(StyledFormMixin, forms.Form):
    open_case = forms.BooleanField(
        label="Apri una cartella per la persona (deve essere in anagrafe)", required=False
    )
    case_number = forms.CharField(
        label="Oppure collega a una cartella esistente (numero)", max_length=12, required=False
    )
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RedirectForm(StyledFormMixin, forms.Form):
    municipality = forms.ModelChoiceField(label="Comune competente", queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _zone_municipalities(user)


class ShiftForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="Operatore", queryset=None)
    role = forms.ChoiceField(label="Ruolo", choices=ShiftRole.choices)
    starts_at = forms.DateTimeField(label="Inizio", widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label="Fine", widget=DateTimeLocalInput())
    phone = forms.CharField(
        label="Telefono di reperibilità",
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users


class ReportFilterForm(StyledFormMixin, forms.Form):
    start = forms.DateField(label="Dal", required=False, widget=DateInput())
    end = forms.DateField(label="Al", required=False, widget=DateInput())
    municipality = forms.ModelChoiceField(
        label="Comune", queryset=None, required=False, empty_label="Tutti i comuni"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _zone_municipalities(user)
