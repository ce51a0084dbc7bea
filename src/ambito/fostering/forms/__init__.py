"""Forms of the foster-care pages (Italian labels; the services check everything again)."""

from django import forms

from ambito.core.forms import DateInput, StyledFormMixin
from ambito.territory.models import Municipality

from ..choices import (
    AssessmentOutcome,
    EndReason,
    FamilyStatus,
    FosterKind,
    MeetingKind,
    PlacementBasis,
)

BLANK = [("", "—")]


def _text(label, required=True, max_length=200):
    return forms.CharField(label=label, required=required, max_length=max_length)


def _notes(label="Note"):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput())


class FamilyFilterForm(StyledFormMixin, forms.Form):
    stato = forms.ChoiceField(
        label="Stato", required=False, choices=[("", "Tutti")] + FamilyStatus.choices
    )
    tipo = forms.ChoiceField(
        label="Disponibile per", required=False, choices=[("", "Tutti i tipi")] + FosterKind.choices
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["stato"] or "", "kind": self.cleaned_data["tipo"] or ""}


class FamilyForm(StyledFormMixin, forms.Form):
    reference_adults = _text("Adulti di riferimento", max_length=300)
    municipality = forms.ModelChoiceField(
        label="Comune di residenza", queryset=Municipality.objects.none(), to_field_name="uuid"
    )
    address = _text("Indirizzo", required=False, max_length=300)
    phone = _text("Telefono", required=False, max_length=32)
    email = forms.EmailField(label="Email", required=False)
    applied_on = _date("Domanda del")
    kinds = forms.MultipleChoiceField(
        label="Disponibilità per",
        required=False,
        choices=FosterKind.choices,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    age_min = forms.IntegerField(
        label="Età minima del minore", min_value=0, max_value=21, initial=0
    )
    age_max = forms.IntegerField(
        label="Età massima del minore", min_value=0, max_value=21, initial=17
    )
    siblings_accepted = forms.BooleanField(label="Accoglie fratelli", required=False)
    capacity = forms.IntegerField(
        label="Minori accolti al più", min_value=1, max_value=10, initial=1
    )
    notes = _notes()

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            zone_id=user.zone_id
        ).order_by("name")
        if editing:
            del self.fields["applied_on"]

    @staticmethod
    def initial_of(family) -> dict:
        return {
            "reference_adults": family.reference_adults,
            "municipality": family.municipality.uuid,
            "address": family.address,
            "phone": family.phone,
            "email": family.email,
            "kinds": family.kinds,
            "age_min": family.age_min,
            "age_max": family.age_max,
            "siblings_accepted": family.siblings_accepted,
            "capacity": family.capacity,
            "notes": family.notes,
        }


class TrainingForm(StyledFormMixin, forms.Form):
    course = _text("Corso / incontro")
    held_on = _date("Data")
    hours = forms.DecimalField(
        label="Ore", required=False, min_value=0, max_digits=5, decimal_places=1
    )


class AssessmentForm(StyledFormMixin, forms.Form):
    held_on = _date("Data della valutazione")
    outcome = forms.ChoiceField(label="Esito", choices=BLANK + AssessmentOutcome.choices)
    assessed_by = _text("Valutata da")
    notes = _notes()


class SuspensionForm(StyledFormMixin, forms.Form):
    starts_on = _date("Sospesa dal")
    ends_on = _date("Sospesa fino al", required=False)
    reason = _text("Motivo della sospensione", max_length=300)


class WithdrawForm(StyledFormMixin, forms.Form):
    withdrawn_on = _date("Data del ritiro")
    withdrawal_reason = _text("Motivo del ritiro", max_length=300)


class MatchForm(StyledFormMixin, forms.Form):
    """Step one of a new placement: who, which kind, from when (a GET form)."""

    minori = forms.ModelMultipleChoiceField(
        label="Minori da affidare",
        queryset=None,
        to_field_name="uuid",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    tipo = forms.ChoiceField(label="Tipo di affido", choices=BLANK + FosterKind.choices)
    inizio = _date("Inizio")

    def __init__(self, *args, minors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minori"].queryset = minors


class PlacementForm(StyledFormMixin, forms.Form):
    """Step two: the family among the matching ones, the basis, the contribution."""

    family = forms.ModelChoiceField(
        label="Famiglia affidataria", queryset=None, to_field_name="uuid", empty_label="—"
    )
    basis = forms.ChoiceField(label="Titolo dell'affido", choices=BLANK + PlacementBasis.choices)
    court_reference = _text("Decreto del Tribunale per i minorenni (riferimento)", required=False)
    consent_on = _date("Consenso dei genitori del", required=False)
    ratified_on = _date("Reso esecutivo dal giudice tutelare il", required=False)
    planned_end_on = _date("Fine prevista", required=False)
    monthly_contribution = forms.DecimalField(
        label="Contributo mensile alla famiglia (€)",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
    )
    notes = _notes()

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families
        self.fields["family"].label_from_instance = lambda f: (
            f"{f.reference_adults} ({f.municipality.name})"
        )


class EndForm(StyledFormMixin, forms.Form):
    ended_on = _date("Data di conclusione")
    end_reason = forms.ChoiceField(
        label="Motivo della conclusione", choices=BLANK + EndReason.choices
    )


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = _date("Data dell'incontro")
    kind = forms.ChoiceField(label="Modalità", choices=BLANK + MeetingKind.choices)
    place = _text("Luogo")
    notes = _notes()


class GroupForm(StyledFormMixin, forms.Form):
    name = _text("Nome del gruppo")
    started_on = _date("Avviato il")
    facilitator = _text("Conduttore", required=False)
    place = _text("Luogo", required=False)
    families = forms.ModelMultipleChoiceField(
        label="Famiglie",
        required=False,
        queryset=None,
        to_field_name="uuid",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families


class GroupMeetingForm(StyledFormMixin, forms.Form):
    held_on = _date("Data dell'incontro")
    topic = _text("Tema", required=False)
    families = forms.ModelMultipleChoiceField(
        label="Famiglie presenti",
        required=False,
        queryset=None,
        to_field_name="uuid",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["families"].queryset = families
