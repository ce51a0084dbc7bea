"""Forms of the pact's pages: a line, an adhesion and its withdrawal, a candidature, its
transitions, and the filters of the lists. They only check and convert input; the rules
(dates, duplicates, resources >= 0) are the services', reported all at once."""

from __future__ import annotations

import datetime as dt

from django import forms

from ambito.core.forms import DateInput, StyledFormMixin
from ambito.territory.choices import RuntsSection
from ambito.territory.models import ActivityField, Organisation

from ..choices import AdhesionRole, CandidatureState


class LineForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Codice", max_length=20)
    title = forms.CharField(label="Titolo della linea", max_length=300)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdhesionForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Ente", queryset=Organisation.objects.none(), to_field_name="uuid"
    )
    role = forms.ChoiceField(
        label="Ruolo", choices=AdhesionRole.choices, initial=AdhesionRole.ADHERENT
    )
    signed_on = forms.DateField(label="Sottoscritto il", widget=DateInput())
    signatory = forms.CharField(label="Firmatario", max_length=200)
    signatory_role = forms.CharField(label="In qualità di", max_length=200, required=False)
    document = forms.FileField(label="Atto sottoscritto (PDF, JPEG o PNG)", required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class DocumentForm(StyledFormMixin, forms.Form):
    document = forms.FileField(label="Atto sottoscritto (PDF, JPEG o PNG)")


class WithdrawForm(StyledFormMixin, forms.Form):
    withdrawn_on = forms.DateField(label="Recesso il", widget=DateInput())
    reason = forms.CharField(
        label="Motivo del recesso", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _figure(label: str, *, integer: bool = False):
    # Plain text inputs: the service checks numbers (negative, decimals) with its messages.
    return forms.CharField(
        label=label,
        required=False,
        initial="0",
        widget=forms.TextInput(attrs={"inputmode": "numeric" if integer else "decimal"}),
    )


class CandidatureForm(StyledFormMixin, forms.Form):
    people = _figure("Persone messe a disposizione", integer=True)
    hours_per_month = _figure("Ore al mese messe a disposizione")
    premises = forms.CharField(label="Locali messi a disposizione", max_length=300, required=False)
    vehicles = _figure("Mezzi messi a disposizione", integer=True)
    money = _figure("Risorse economiche (€)")
    contribution = forms.CharField(
        label="Descrizione sintetica del contributo",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposed_role = forms.CharField(label="Ruolo proposto", max_length=300, required=False)


class CandidatureAddForm(CandidatureForm):
    organisation = forms.ModelChoiceField(
        label="Ente", queryset=Organisation.objects.none(), to_field_name="uuid"
    )
    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class CandidatureEditForm(CandidatureForm):
    revision = forms.IntegerField(widget=forms.HiddenInput())


class TransitionForm(StyledFormMixin, forms.Form):
    to_state = forms.ChoiceField(choices=CandidatureState.choices, widget=forms.HiddenInput())
    reason = forms.CharField(
        label="Motivazione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label="Data", required=False, widget=DateInput())


class CandidatureFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label="Stato", required=False)
    line = forms.ModelChoiceField(
        label="Linea",
        queryset=None,
        required=False,
        to_field_name="uuid",
        empty_label="Tutte le linee",
    )
    organisation = forms.ModelChoiceField(
        label="Ente",
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="uuid",
        empty_label="Tutti gli enti",
    )

    def __init__(self, *args, lines, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", "Tutti gli stati"), *CandidatureState.choices]
        self.fields["line"].queryset = lines
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations


class RegistryFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label="Denominazione, RUNTS o codice fiscale", required=False)
    field_of_activity = forms.ModelChoiceField(
        label="Settore di attività",
        queryset=ActivityField.objects.all(),
        required=False,
        to_field_name="code",
        empty_label="Tutti i settori",
    )
    runts_section = forms.ChoiceField(
        label="Sezione RUNTS", required=False, choices=[("", "Tutte"), *RuntsSection.choices]
    )


def italian_date(value: str | None) -> dt.date | None:
    """A date written dd/mm/yyyy (or yyyy-mm-dd, from a date input), or None."""
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime((value or "").strip(), pattern).date()
        except ValueError:
            continue
    return None
