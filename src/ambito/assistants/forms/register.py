"""Forms of the register's pages, Italian labels; the services check the rules."""

from django import forms

from ambito.core.forms import StyledFormMixin
from ambito.territory.models import AccessPoint, Municipality

from ..choices import CheckKind, CheckOutcome, Language, MatchOutcome, WorkerKind, WorkerState

BLANK = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _municipalities(user):
    return Municipality.objects.filter(zone_id=user.zone_id).order_by("name")


class WorkerFilterForm(StyledFormMixin, forms.Form):
    stato = forms.ChoiceField(
        label="Stato", required=False, choices=[("", "Tutti")] + WorkerState.choices
    )
    tipo = forms.ChoiceField(
        label="Tipo", required=False, choices=[("", "Tutti")] + WorkerKind.choices
    )
    comune = forms.ModelChoiceField(
        label="Comune", required=False, queryset=Municipality.objects.none(), to_field_name="uuid"
    )
    nome = forms.CharField(label="Nome o cognome", required=False, max_length=100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = _municipalities(user)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": data.get("stato") or "",
            "kind": data.get("tipo") or "",
            "municipality": data.get("comune"),
            "name": (data.get("nome") or "").strip(),
        }


class WorkerForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label="Nome", max_length=100)
    last_name = forms.CharField(label="Cognome", max_length=100)
    fiscal_code = forms.CharField(label="Codice fiscale", max_length=16, required=False)
    birth_date = forms.DateField(label="Data di nascita", required=False, widget=DATE)
    citizenship = forms.CharField(label="Cittadinanza", max_length=100, required=False)
    needs_residence_permit = forms.BooleanField(
        label="Serve il permesso di soggiorno (cittadino non UE)", required=False
    )
    phone = forms.CharField(label="Telefono", max_length=32, required=False)
    email = forms.EmailField(label="Email", required=False)
    address = forms.CharField(label="Indirizzo", max_length=200, required=False)
    kind = forms.ChoiceField(label="Tipo", choices=BLANK + WorkerKind.choices)
    municipalities = forms.ModelMultipleChoiceField(
        label="Comuni di disponibilità",
        required=False,
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
    )
    languages = forms.MultipleChoiceField(
        label="Lingue parlate", required=False, choices=Language.choices
    )
    weekly_hours = forms.IntegerField(
        label="Ore settimanali disponibili", min_value=0, max_value=168, initial=0
    )
    live_in = forms.BooleanField(label="Disponibile alla convivenza", required=False)
    nights = forms.BooleanField(label="Disponibile di notte", required=False)
    weekends = forms.BooleanField(label="Disponibile nei fine settimana", required=False)
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = _municipalities(user)
        self.fields["municipalities"].widget.attrs["size"] = 8
        self.fields["languages"].widget.attrs["size"] = 8


class EnrolForm(WorkerForm):
    applied_on = forms.DateField(label="Data della domanda", required=False, widget=DATE)


class StateForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label="Nuovo stato", choices=BLANK)
    on = forms.DateField(label="Data", required=False, widget=DATE)
    reason = forms.CharField(
        label="Motivo (per sospensione o cancellazione)", required=False, max_length=300
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = BLANK + [(t, WorkerState(t).label) for t in targets]


class TrainingForm(StyledFormMixin, forms.Form):
    course = forms.CharField(label="Corso", max_length=200)
    organiser = forms.CharField(label="Ente formatore", max_length=200, required=False)
    hours = forms.IntegerField(label="Ore", min_value=1, max_value=2000)
    completed_on = forms.DateField(label="Concluso il", required=False, widget=DATE)


class CheckForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Verifica", choices=BLANK + CheckKind.choices)
    outcome = forms.ChoiceField(label="Esito", choices=CheckOutcome.choices)
    checked_on = forms.DateField(label="Verificato il", required=False, widget=DATE)
    note = forms.CharField(label="Nota", max_length=300, required=False)


class ConsentForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="Data", required=False, widget=DATE)
    show_phone = forms.BooleanField(
        label="Consente di mostrare il telefono sulla carta pubblica", required=False
    )


class SearchForm(StyledFormMixin, forms.Form):
    comune = forms.ModelChoiceField(
        label="Comune", required=False, queryset=Municipality.objects.none(), to_field_name="uuid"
    )
    lingua = forms.ChoiceField(
        label="Lingua", required=False, choices=[("", "Tutte")] + Language.choices
    )
    tipo = forms.ChoiceField(
        label="Cerca",
        required=False,
        choices=[
            ("", "Tutti"),
            (WorkerKind.CARE, "Assistente familiare (badante)"),
            (WorkerKind.BABYSITTER, "Baby-sitter"),
        ],
    )
    ore = forms.IntegerField(
        label="Almeno ore settimanali", required=False, min_value=0, max_value=168
    )
    convivenza = forms.BooleanField(label="Convivenza", required=False)
    notti = forms.BooleanField(label="Notti", required=False)
    fine_settimana = forms.BooleanField(label="Fine settimana", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comune"].queryset = _municipalities(user)

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "municipality": data.get("comune"),
            "language": data.get("lingua") or "",
            "kind": data.get("tipo") or "",
            "min_hours": data.get("ore"),
            "live_in": bool(data.get("convivenza")),
            "nights": bool(data.get("notti")),
            "weekends": bool(data.get("fine_settimana")),
        }


class MatchForm(StyledFormMixin, forms.Form):
    fiscal_code = forms.CharField(
        label="Codice fiscale della persona richiedente (se è nell'anagrafe)",
        max_length=16,
        required=False,
    )
    family_reference = forms.CharField(
        label="Oppure: riferimento della famiglia (se non è nell'anagrafe)",
        max_length=200,
        required=False,
        help_text="Un riferimento interno dello sportello, non il codice fiscale.",
    )
    access_point = forms.ModelChoiceField(
        label="Punto di accesso", queryset=AccessPoint.objects.none(), to_field_name="uuid"
    )
    matched_on = forms.DateField(label="Data dell'abbinamento", required=False, widget=DATE)
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access_point"].queryset = AccessPoint.objects.filter(
            zone_id=user.zone_id
        ).order_by("name")


class OutcomeForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Esito", choices=MatchOutcome.choices)
    hours_agreed = forms.IntegerField(
        label="Ore settimanali concordate", required=False, min_value=1, max_value=168
    )
    started_on = forms.DateField(label="Contratto avviato il", required=False, widget=DATE)
    ended_on = forms.DateField(label="Contratto concluso il", required=False, widget=DATE)
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MatchFilterForm(StyledFormMixin, forms.Form):
    esito = forms.ChoiceField(
        label="Esito", required=False, choices=[("", "Tutti")] + MatchOutcome.choices
    )


class PublicationForm(StyledFormMixin, forms.Form):
    published = forms.BooleanField(
        label="Pubblica il registro sulla carta dei servizi", required=False
    )
    show_languages = forms.BooleanField(label="Mostra le lingue parlate", required=False)
    show_municipalities = forms.BooleanField(
        label="Mostra i comuni di disponibilità", required=False
    )
    show_availability = forms.BooleanField(
        label="Mostra la disponibilità (ore, convivenza, notti, fine settimana)", required=False
    )
    contact_text = forms.CharField(
        label="Come contattare gli assistenti",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Per esempio: «Rivolgersi allo sportello sociale del proprio Comune».",
    )
