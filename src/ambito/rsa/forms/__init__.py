"""Forms of the RSA waiting lists (Italian labels; the services validate the rest)."""

from __future__ import annotations

import json

from django import forms

from ambito.territory.choices import OrganisationKind
from ambito.territory.models import Municipality, Organisation

from ..choices import ApplicationStatus, OfferReply, RefusalEffect
from ..models import Structure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, **kwargs):
    return forms.DateField(label=label, widget=DATE, **kwargs)


class StructureForm(forms.Form):
    name = forms.CharField(label="Nome della struttura", max_length=200)
    municipality = forms.ModelChoiceField(label="Comune", queryset=Municipality.objects.none())
    beds = forms.IntegerField(label="Posti letto autorizzati", min_value=1, max_value=2000)
    body = forms.ModelChoiceField(label="Ente gestore", queryset=Organisation.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(zone_id=user.zone_id)
        self.fields["body"].queryset = Organisation.objects.filter(
            zone_id=user.zone_id, kind=OrganisationKind.STRUCTURE
        )


class EvaluationForm(forms.Form):
    evaluated_on = _date("Data della valutazione multidimensionale")
    health_score = forms.DecimalField(
        label="Punteggio sanitario/funzionale (0-100)", min_value=0, max_value=100, decimal_places=2
    )
    lives_alone = forms.BooleanField(label="Vive solo", required=False)
    caregiver = forms.BooleanField(label="Caregiver presente", required=False)
    isee = forms.DecimalField(label="ISEE (€)", required=False, min_value=0, decimal_places=2)
    hospital_discharge = forms.BooleanField(
        label="Dimissione protetta dall'ospedale", required=False
    )
    urgent_social = forms.BooleanField(label="Condizione sociale urgente", required=False)


class ApplicationForm(EvaluationForm):
    submitted_on = _date("Presentata il")
    structures = forms.ModelMultipleChoiceField(
        label="Strutture preferite (in ordine di elenco)",
        queryset=Structure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["submitted_on", "structures"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = Structure.objects.filter(
            zone_id=user.zone_id, active=True
        ).order_by("name")


class ContactApplicationForm(ApplicationForm):
    """A application without a case (the plan office): the person by fiscal code, and who
    presents it."""

    fiscal_code = forms.CharField(label="Codice fiscale della persona", max_length=16)
    contact = forms.CharField(label="Richiedente (contatto)", max_length=200)
    field_order = ["fiscal_code", "contact", "submitted_on", "structures"]


class OfferForm(forms.Form):
    structure = forms.ModelChoiceField(label="Struttura", queryset=Structure.objects.none())
    offered_on = _date("Offerto il")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(
            zone_id=user.zone_id, active=True
        ).order_by("name")


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Risposta", choices=[c for c in OfferReply.choices if c[0]], widget=forms.RadioSelect
    )
    replied_on = _date("Data della risposta")
    justified = forms.BooleanField(label="Rifiuto giustificato", required=False)
    reason = forms.CharField(label="Motivo del rifiuto", required=False, max_length=300)


class AdmissionForm(forms.Form):
    structure = forms.ModelChoiceField(label="Struttura", queryset=Structure.objects.none())
    admitted_on = _date("Ingresso il")
    monthly_fee = forms.DecimalField(label="Retta mensile (€)", min_value=0, decimal_places=2)

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures


class PreferencesForm(forms.Form):
    structures = forms.ModelMultipleChoiceField(
        label="Strutture preferite (in ordine di elenco)",
        queryset=Structure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structures"].queryset = (
            Structure.objects.visible_to(user).filter(active=True).order_by("name")
        )


class CloseForm(forms.Form):
    kind = forms.ChoiceField(
        label="Chiusura",
        choices=[
            (ApplicationStatus.WITHDRAWN, "Ritiro della domanda"),
            (ApplicationStatus.DECEASED, "Decesso"),
        ],
    )
    on = _date("Data")
    reason = forms.CharField(label="Nota", required=False, max_length=300)


class BandsField(forms.CharField):
    """Bands as lines "fino a €; valore" (the last line "oltre; valore")."""

    def to_python(self, value):
        value = super().to_python(value)
        bands = []
        for line in value.splitlines():
            if not line.strip():
                continue
            try:
                up_to, result = (p.strip() for p in line.split(";"))
                bands.append(
                    [
                        None if up_to.lower() in ("oltre", "") else float(up_to.replace(",", ".")),
                        float(result.replace(",", ".")),
                    ]
                )
            except ValueError:
                raise forms.ValidationError(
                    "Una fascia per riga: «fino a €; valore» (l'ultima «oltre; valore»)."
                ) from None
        return bands

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{'oltre' if u is None else u}; {p}" for u, p in value)
        return value


class SheetForm(forms.Form):
    title = forms.CharField(label="Titolo", max_length=200)
    valid_from = _date("Valida dal")
    health_weight = forms.DecimalField(label="Peso del punteggio sanitario/funzionale", initial=1)
    lives_alone_points = forms.DecimalField(label="Punti: vive solo", initial=0)
    caregiver_absent_points = forms.DecimalField(label="Punti: caregiver assente", initial=0)
    caregiver_present_points = forms.DecimalField(label="Punti: caregiver presente", initial=0)
    isee_bands = BandsField(
        label="Fasce ISEE (una per riga: «fino a €; punti»)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    isee_missing_points = forms.DecimalField(label="Punti: ISEE non presentato", initial=0)
    discharge_priority = forms.BooleanField(
        label="Priorità alla dimissione protetta", required=False, initial=True
    )
    urgent_social_priority = forms.BooleanField(
        label="Priorità all'urgenza sociale", required=False, initial=True
    )
    refusal_effect = forms.ChoiceField(
        label="Effetto di un rifiuto non giustificato", choices=RefusalEffect.choices
    )
    refusal_penalty = forms.DecimalField(label="Punti di penalità per rifiuto", initial=0)
    max_refusals = forms.IntegerField(
        label="Rifiuti non giustificati che escludono", initial=3, min_value=1, max_value=20
    )


class FeeRuleForm(forms.Form):
    title = forms.CharField(label="Titolo", max_length=200)
    valid_from = _date("Valida dal")
    social_part_percent = forms.DecimalField(label="Quota sociale della retta (%)", initial=100)
    bands = BandsField(
        label="Fasce ISEE (una per riga: «fino a €; % a carico del comune»)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AsOfForm(forms.Form):
    al = _date("Graduatoria al", required=False)


def dumps(value) -> str:
    return json.dumps(value)
