from django import forms

from ambito.core.forms import DateInput, StyledFormMixin
from ambito.territory.selectors import format_number

from .choices import (
    ActionKind,
    AttendanceStatus,
    ImplementationMode,
    LedgerOrigin,
    LedgerStage,
    PlanKind,
    Progress,
    VoteChoice,
)
from .models import FundSource

BLANK = [("", "—")]


class ActionForm(StyledFormMixin, forms.Form):
    objective = forms.ChoiceField(label="Obiettivo")
    code = forms.CharField(label="Codice (es. a1)", max_length=20)
    title = forms.CharField(label="Azione", max_length=300)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kind = forms.ChoiceField(label="Tipo", choices=BLANK + ActionKind.choices, required=False)
    implementation_mode = forms.ChoiceField(
        label="Modalità di attuazione", choices=BLANK + ImplementationMode.choices, required=False
    )
    staff_units = forms.DecimalField(
        label="Unità di personale", required=False, min_value=0, decimal_places=2
    )
    staff_profile = forms.CharField(label="Profilo del personale", max_length=200, required=False)
    amount = forms.DecimalField(
        label="Importo previsto (€)", decimal_places=2, initial=0, localize=True
    )
    fund = forms.ModelChoiceField(
        label="Fondo", queryset=FundSource.objects.filter(active=True), required=False
    )
    funding_year = forms.IntegerField(label="Annualità del fondo", required=False)
    responsible_office = forms.CharField(
        label="Ufficio responsabile", max_length=200, required=False
    )
    starts_on = forms.DateField(label="Inizio", required=False, widget=DateInput())
    ends_on = forms.DateField(label="Fine", required=False, widget=DateInput())
    override_reason = forms.CharField(
        label="Motivo per superare il residuo del fondo (solo se serve)",
        required=False,
        max_length=180,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].choices = [
            (str(o.uuid), f"{o.code} · {o.title[:80]}") for o in plan.objectives.all()
        ]

    def action_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("objective", "revision")}
        data.pop("override_reason", None)
        return data


class ScheduleForm(StyledFormMixin, forms.Form):
    quarter = forms.ChoiceField(label="Trimestre")
    planned = forms.BooleanField(label="Previsto nel cronoprogramma", required=False)
    progress = forms.ChoiceField(label="Avanzamento", choices=Progress.choices, required=False)
    note = forms.CharField(label="Nota", max_length=300, required=False)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (f"{y}-{q}", f"{q}° trimestre {y}") for y, q in plan.quarters()
        ]

    def year_quarter(self) -> tuple[int, int]:
        year, quarter = self.cleaned_data["quarter"].split("-")
        return int(year), int(quarter)


class SpendingForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Tipo", choices=[("commitment", "Impegno"), ("payment", "Liquidazione / pagamento")]
    )
    amount = forms.DecimalField(label="Importo (€)", decimal_places=2, localize=True)
    date = forms.DateField(label="Data", widget=DateInput())
    act_number = forms.CharField(label="Numero dell'atto", max_length=50)
    payee = forms.CharField(label="Beneficiario", max_length=200, required=False)


class AllocationForm(StyledFormMixin, forms.Form):
    fund = forms.ModelChoiceField(label="Fondo", queryset=FundSource.objects.filter(active=True))
    year = forms.IntegerField(label="Annualità")
    amount = forms.DecimalField(label="Importo assegnato (€)", decimal_places=2, localize=True)
    act = forms.CharField(label="Atto di assegnazione", max_length=200)
    act_date = forms.DateField(label="Data dell'atto", required=False, widget=DateInput())


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="Data", widget=DateInput())
    time = forms.TimeField(
        label="Ora", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    place = forms.CharField(label="Luogo", max_length=200, required=False)
    convened_by = forms.CharField(label="Convocata da", max_length=200, required=False)
    agenda = forms.CharField(
        label="Ordine del giorno (un punto per riga)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(StyledFormMixin, forms.Form):
    """One select per member: prefix = the member's id."""

    status = forms.ChoiceField(label="Presenza", choices=AttendanceStatus.choices)
    represented_by = forms.CharField(
        label="Rappresentato da / delegato", max_length=200, required=False
    )


class DeliberationForm(StyledFormMixin, forms.Form):
    number = forms.IntegerField(
        label="Numero (vuoto = il prossimo dell'anno)", required=False, min_value=1
    )
    date = forms.DateField(label="Data", widget=DateInput())
    subject = forms.CharField(label="Oggetto", max_length=500)
    content = forms.CharField(
        label="Testo", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    immediately_executable = forms.BooleanField(label="Immediatamente eseguibile", required=False)
    attachment_title = forms.CharField(label="Allegato (titolo)", max_length=300, required=False)
    attachment_pages = forms.IntegerField(label="Pagine dell'allegato", required=False, min_value=0)

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = voters
        for member in voters:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=f"Voto di {member.organisation} ({format_number(member.share, 2)}%)",
                choices=BLANK + VoteChoice.choices,
                required=False,
            )
            self.fields[f"vote_{member.pk}"].widget.attrs["class"] = "form-select"

    def votes(self) -> dict:
        return {
            member: self.cleaned_data[f"vote_{member.pk}"]
            for member in self.voters
            if self.cleaned_data.get(f"vote_{member.pk}")
        }

    def vote_fields(self):
        return [self[f"vote_{m.pk}"] for m in self.voters]


class TargetForm(StyledFormMixin, forms.Form):
    current_value = forms.DecimalField(label="Valore attuale", decimal_places=2, localize=True)
    current_on = forms.DateField(label="Rilevato il", widget=DateInput())


class PlanForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo di piano", choices=PlanKind.choices)
    title = forms.CharField(label="Titolo", max_length=300)
    period_start = forms.DateField(label="Dal", widget=DateInput())
    period_end = forms.DateField(label="Al", widget=DateInput())


class ObjectiveForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Codice (es. 1, B.1, A.1.a)", max_length=20)
    title = forms.CharField(label="Titolo dell'obiettivo", max_length=300)
    priority = forms.CharField(label="Priorità (es. prima priorità)", max_length=50, required=False)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_results = forms.CharField(
        label="Risultati attesi", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LedgerFilterForm(StyledFormMixin, forms.Form):
    """Filters of the fund ledger page (GET): fund, year, stage, origin."""

    fondo = forms.ModelChoiceField(
        label="Fondo",
        required=False,
        queryset=FundSource.objects.order_by("position", "code"),
        to_field_name="code",
        empty_label="Tutti i fondi",
    )
    anno = forms.IntegerField(label="Annualità", required=False, min_value=2000, max_value=2100)
    fase = forms.ChoiceField(
        label="Fase", required=False, choices=[("", "Tutte le fasi"), *LedgerStage.choices]
    )
    origine = forms.ChoiceField(
        label="Origine",
        required=False,
        choices=[("", "Tutte le origini"), *LedgerOrigin.choices],
    )

    def filters(self) -> dict | None:
        """The filters, or None when one is not valid (the page shows the error, no rows)."""
        if not self.is_bound:
            return {}
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return {
            "fund": data.get("fondo"),
            "year": data.get("anno"),
            "stage": data.get("fase") or "",
            "origin": data.get("origine") or "",
        }
