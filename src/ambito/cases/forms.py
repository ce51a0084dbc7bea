from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from .models import CaseLine, CaseRole, CaseSource, ClosureReason, DiaryKind
from .workflow import PreAssessmentOutcome


class CaseOpenForm(StyledFormMixin, forms.Form):
    line = forms.ChoiceField(label="Linea di servizio", choices=CaseLine.choices)
    source = forms.ChoiceField(
        label="Ingresso da",
        choices=[c for c in CaseSource.choices if c[0] != CaseSource.APPLICATION],
        initial=CaseSource.DIRECT,
    )
    referral_from = forms.CharField(
        label="Segnalato da (se da un altro servizio)", max_length=200, required=False
    )


class TransitionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(widget=forms.HiddenInput())
    reason = forms.CharField(
        label="Motivo o nota", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label="Motivo della chiusura", choices=[("", "Scegli il motivo"), *ClosureReason.choices]
    )
    outcome = forms.CharField(
        label="Esito del percorso", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Scegli il motivo della chiusura."


class AssignForm(StyledFormMixin, forms.Form):
    """The case manager among `managers` (a list read once per page: a queue of forms costs no
    query per form)."""

    manager = forms.TypedChoiceField(label="Case manager", coerce=int)
    reason = forms.CharField(label="Nota", max_length=500, required=False)

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.managers = {m.pk: m for m in managers}
        self.fields["manager"].choices = [("", "Scegli")] + [
            (m.pk, m.get_full_name() or m.username) for m in managers
        ]
        self.fields["manager"].error_messages["required"] = "Scegli il case manager."
        self.fields["manager"].error_messages["invalid_choice"] = "Scegli il case manager."

    def clean_manager(self):
        return self.managers[self.cleaned_data["manager"]]


class PreAssessmentForm(StyledFormMixin, forms.Form):
    """Card A in the order of the guidelines' *scheda di preanalisi*: the meeting, the
    household's composition, needs by dimension, resources, the work situation, the outcome
    with its reason."""

    held_on = forms.DateField(label="Data dell'incontro", widget=DateInput())
    cpi_consultant = forms.CharField(label="Consulente del Centro per l'Impiego", max_length=200)
    household_confirmed = forms.BooleanField(
        label="Composizione del nucleo confermata con la famiglia", required=False
    )
    household_situation = forms.CharField(
        label="Situazione del nucleo", widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label="Sintesi dei bisogni (facoltativa)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resources = forms.CharField(
        label="Risorse e punti di forza", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    employment_status = forms.ChoiceField(
        label="Situazione lavorativa della persona", required=False
    )
    employment_notes = forms.CharField(
        label="Situazione lavorativa degli altri componenti",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.ChoiceField(
        label="Esito", choices=PreAssessmentOutcome.choices, widget=forms.RadioSelect
    )
    outcome_reason = forms.CharField(
        label="Motivo dell'esito",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indica il motivo dell'esito."},
    )
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        from .models import AnalysisDimension, EmploymentStatus

        super().__init__(*args, **kwargs)
        self.fields["employment_status"].choices = [("", "—"), *EmploymentStatus.choices]
        self.dimension_names = []
        for value, label in AnalysisDimension.choices:
            name = f"needs_{value}"
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[name].widget.attrs["class"] = "form-control"
            self.dimension_names.append(name)

    def dimension_fields(self):
        return [self[name] for name in self.dimension_names]

    def clean(self):
        from .services import CARD_A_NO_NEEDS, card_a_needs

        data = super().clean()
        # Said with the other errors, not after them (the service checks it too).
        if not card_a_needs(data) and not (data.get("needs") or "").strip():
            self.add_error("needs", CARD_A_NO_NEEDS)
        return data


class DiaryForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=DiaryKind.choices)
    happened_at = forms.DateTimeField(
        label="Quando",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    text = forms.CharField(label="Resoconto", widget=forms.Textarea(attrs={"rows": 3}))
    health = forms.BooleanField(label="Contenuto sanitario o specialistico", required=False)

    def __init__(self, *args, health: bool = False, **kwargs):
        """`health`: whether the user may write health entries (services.may_write_health);
        the box is offered only then."""
        super().__init__(*args, **kwargs)
        if not health:
            del self.fields["health"]


class TaskForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Attività", max_length=200)
    due_on = forms.DateField(label="Scadenza", widget=DateInput())


class MemberForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="Operatore", queryset=None, empty_label="Scegli")
    role = forms.ChoiceField(
        label="Ruolo", choices=[c for c in CaseRole.choices if c[0] != CaseRole.CASE_MANAGER]
    )

    def __init__(self, *args, zone_id, **kwargs):
        super().__init__(*args, **kwargs)
        from ambito.core.memberships import zone_users

        self.fields["user"].queryset = (
            zone_users(zone_id)
            .filter(is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class MyWorkFilterForm(StyledFormMixin, forms.Form):
    """The filters of "Il mio lavoro" (GET): what does not validate is simply not applied."""

    stato = forms.ChoiceField(label="Stato", required=False)
    comune = forms.ModelChoiceField(
        label="Comune", queryset=None, required=False, empty_label="Tutti i comuni"
    )
    lep = forms.ChoiceField(
        label="Controlli LEP",
        required=False,
        choices=[("", "Tutte le cartelle"), ("1", "Solo con segnalazioni LEP")],
    )
    q = forms.CharField(label="Nome o numero di cartella", required=False, max_length=100)

    def __init__(self, *args, municipalities, **kwargs):
        from .workflow import OPEN_STATES

        super().__init__(*args, **kwargs)
        self.fields["stato"].choices = [("", "Tutti gli stati")] + [
            (s.value, s.label) for s in OPEN_STATES
        ]
        self.fields["comune"].queryset = municipalities

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("stato") or "",
            "municipality": data.get("comune"),
            "lep": data.get("lep") == "1",
            "text": (data.get("q") or "").strip(),
        }


class CaseNumberForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="Numero di cartella", max_length=20, help_text="Es. 2026/00012")


class CaseReasonForm(StyledFormMixin, forms.Form):
    number = forms.CharField(widget=forms.HiddenInput())
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


class InDepthForm(StyledFormMixin, forms.Form):
    """Card B: one pair of fields (needs, resources) per dimension, added in __init__."""

    done_on = forms.DateField(label="Data", widget=DateInput())
    objectives = forms.CharField(label="Obiettivi", widget=forms.Textarea(attrs={"rows": 3}))
    actions = forms.CharField(label="Azioni", widget=forms.Textarea(attrs={"rows": 3}))
    timeline = forms.CharField(
        label="Tempi di realizzazione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        from .models import AnalysisDimension

        super().__init__(*args, **kwargs)
        for value, label in AnalysisDimension.choices:
            for kind, text in (("needs", "bisogni"), ("resources", "risorse")):
                self.fields[f"{kind}_{value}"] = forms.CharField(
                    label=f"{label}: {text}",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                )

    def dimension_rows(self):
        from .models import AnalysisDimension

        return [
            (label, self[f"needs_{value}"], self[f"resources_{value}"])
            for value, label in AnalysisDimension.choices
        ]


class InterventionForm(StyledFormMixin, forms.Form):
    intervention_type = forms.ModelChoiceField(
        label="Tipo di intervento", queryset=None, empty_label="Scegli il tipo"
    )
    service = forms.ModelChoiceField(
        label="Servizio della carta", queryset=None, required=False, empty_label="—"
    )
    provider = forms.ModelChoiceField(
        label="Ente erogatore", queryset=None, required=False, empty_label="—"
    )
    start_on = forms.DateField(label="Inizio", widget=DateInput())
    end_on = forms.DateField(label="Fine", required=False, widget=DateInput())
    quantity = forms.DecimalField(label="Quantità", required=False, min_value=0, decimal_places=2)
    unit = forms.ChoiceField(label="Unità", required=False)
    cost = forms.DecimalField(label="Costo (€)", required=False, min_value=0, decimal_places=2)
    fund = forms.ModelChoiceField(
        label="Fonte di finanziamento", queryset=None, required=False, empty_label="—"
    )
    status = forms.ChoiceField(label="Stato")

    def __init__(self, *args, zone_id, **kwargs):
        from ambito.catalog.models import InterventionType, Service
        from ambito.planning.selectors import fund_sources_active
        from ambito.territory.models import Organisation

        from .models import InterventionStatus, InterventionUnit

        super().__init__(*args, **kwargs)
        self.fields["intervention_type"].queryset = InterventionType.objects.order_by("code")
        self.fields["service"].queryset = Service.objects.filter(
            zone_id=zone_id, status="published"
        ).order_by("name")
        self.fields["provider"].queryset = Organisation.objects.filter(zone_id=zone_id).order_by(
            "name"
        )
        self.fields["fund"].queryset = fund_sources_active()
        self.fields["unit"].choices = [("", "—"), *InterventionUnit.choices]
        self.fields["status"].choices = InterventionStatus.choices


class ProjectForm(StyledFormMixin, forms.Form):
    """A version of the project: a summary, up to OBJECTIVES objectives and COMMITMENTS
    commitments (empty rows are ignored)."""

    OBJECTIVES = 5
    COMMITMENTS = 5
    summary = forms.CharField(
        label="Sintesi del progetto", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, self.OBJECTIVES + 1):
            self.fields[f"objective_{i}"] = forms.CharField(
                label=f"Obiettivo {i}", max_length=500, required=False
            )
            self.fields[f"indicator_{i}"] = forms.CharField(
                label=f"Indicatore dell'obiettivo {i}", max_length=300, required=False
            )
            self.fields[f"deadline_{i}"] = forms.DateField(
                label=f"Scadenza dell'obiettivo {i}", required=False, widget=DateInput()
            )
        for i in range(1, self.COMMITMENTS + 1):
            self.fields[f"who_{i}"] = forms.CharField(
                label=f"Chi si impegna ({i})", max_length=200, required=False
            )
            self.fields[f"pledge_{i}"] = forms.CharField(
                label=f"Impegno {i}", max_length=500, required=False
            )

    def objective_rows(self):
        return [
            (self[f"objective_{i}"], self[f"indicator_{i}"], self[f"deadline_{i}"])
            for i in range(1, self.OBJECTIVES + 1)
        ]

    def commitment_rows(self):
        return [(self[f"who_{i}"], self[f"pledge_{i}"]) for i in range(1, self.COMMITMENTS + 1)]

    def objectives(self):
        data = self.cleaned_data
        return [
            {
                "text": data[f"objective_{i}"],
                "indicator": data[f"indicator_{i}"],
                "deadline": data[f"deadline_{i}"],
            }
            for i in range(1, self.OBJECTIVES + 1)
        ]

    def commitments(self):
        data = self.cleaned_data
        return [
            {"who": data[f"who_{i}"], "text": data[f"pledge_{i}"]}
            for i in range(1, self.COMMITMENTS + 1)
        ]


class SignForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="Data della firma", widget=DateInput())
    scan = forms.FileField(label="Copia firmata (PDF, JPEG o PNG, al massimo 10 MB)")


class DocumentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo")
    dated = forms.DateField(label="Data del documento", widget=DateInput())
    title = forms.CharField(label="Descrizione", max_length=200)
    file = forms.FileField(label="File (PDF, JPEG o PNG, al massimo 10 MB)")

    def __init__(self, *args, **kwargs):
        from .models import DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices


class ReviewForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Verifica")
    held_on = forms.DateField(label="Data", widget=DateInput())
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, objectives=(), **kwargs):
        from .models import ObjectiveOutcome, ReviewKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = ReviewKind.choices
        self.objectives = list(objectives)
        for objective in self.objectives:
            self.fields[f"outcome_{objective.pk}"] = forms.ChoiceField(
                label=f"Esito: {objective.text}",
                choices=[("", "Scegli"), *ObjectiveOutcome.choices],
            )

    def outcomes(self) -> dict:
        return {o.pk: self.cleaned_data.get(f"outcome_{o.pk}") for o in self.objectives}


class EemmMeetingForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="Data dell'incontro", widget=DateInput())
    place = forms.CharField(label="Luogo", max_length=200, required=False)
    attendees = forms.ModelMultipleChoiceField(
        label="Presenti", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    cases = forms.ModelMultipleChoiceField(
        label="Cartelle discusse",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(label="Verbale", widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(label="Decisioni", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, team, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = team.members.filter(active=True)
        self.fields["cases"].queryset = cases
        self.fields["cases"].label_from_instance = lambda c: (
            f"{c.number} · {c.person.last_name} {c.person.first_name}"
        )
        self.fields["attendees"].error_messages["required"] = "Indica chi era presente."
