from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from ..choices import GroupKind, GroupRole, ProgrammeActionStatus

BLANK = [("", "—")]


class GroupForm(StyledFormMixin, forms.Form):
    line = forms.ModelChoiceField(label="Linea del patto", queryset=None)
    name = forms.CharField(label="Nome del gruppo", max_length=200)
    kind = forms.ChoiceField(label="Tipo", choices=GroupKind.choices)
    purpose = forms.CharField(
        label="Finalità", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    created_on = forms.DateField(label="Costituito il", widget=DateInput())

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["line"].label_from_instance = lambda o: f"{o.code} · {o.title[:80]}"


class MemberForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Ente", queryset=None, required=False, empty_label="— nessun ente —"
    )
    user = forms.ModelChoiceField(
        label="Oppure un operatore dell'ambito",
        queryset=None,
        required=False,
        empty_label="— nessun operatore —",
    )
    role = forms.ChoiceField(label="Ruolo", choices=GroupRole.choices, initial=GroupRole.MEMBER)
    joined_on = forms.DateField(label="Dal", widget=DateInput())

    def __init__(self, *args, organisations, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class MemberRemoveForm(StyledFormMixin, forms.Form):
    member = forms.CharField(widget=forms.HiddenInput)
    left_on = forms.DateField(label="Uscito il", widget=DateInput())


class MeetingForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="Data dell'incontro", widget=DateInput())
    place = forms.CharField(label="Luogo", max_length=200, required=False)
    agenda = forms.CharField(
        label="Ordine del giorno", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label="Verbale", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    present = forms.MultipleChoiceField(
        label="Presenti (chi non è spuntato risulta assente)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes_file = forms.FileField(label="Verbale firmato (PDF, JPEG o PNG)", required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = members
        self.fields["present"].widget.attrs["class"] = "form-check-input"


class MinutesForm(StyledFormMixin, forms.Form):
    agenda = forms.CharField(
        label="Ordine del giorno", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label="Verbale", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    present = forms.MultipleChoiceField(
        label="Presenti (chi non è spuntato risulta assente)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes_file = forms.FileField(
        label="Sostituisci il verbale firmato (PDF, JPEG o PNG)", required=False
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = members
        self.fields["present"].widget.attrs["class"] = "form-check-input"


class ProgrammeForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Titolo del programma operativo", max_length=300)
    period_start = forms.DateField(label="Dal", widget=DateInput())
    period_end = forms.DateField(label="Al", widget=DateInput())


class ProgrammeActionForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label="Codice (es. A1)", max_length=20)
    title = forms.CharField(label="Azione", max_length=300)
    description = forms.CharField(
        label="Descrizione", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.ModelChoiceField(label="Ente responsabile", queryset=None, required=False)
    due_on = forms.DateField(label="Entro il", required=False, widget=DateInput())
    status = forms.ChoiceField(label="Stato", choices=ProgrammeActionStatus.choices)
    plan_action = forms.ModelChoiceField(
        label="Azione del piano collegata", queryset=None, required=False
    )

    def __init__(self, *args, organisations, plan_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = organisations
        self.fields["plan_action"].queryset = plan_actions
        self.fields["plan_action"].label_from_instance = lambda a: (
            f"{a.plan.title[:50]} · {a.code} {a.title[:60]}"
        )


class AgreeForm(StyledFormMixin, forms.Form):
    agreed_on = forms.DateField(label="Concordato il", widget=DateInput())
    meeting = forms.ModelChoiceField(
        label="Nell'incontro", queryset=None, required=False, empty_label="— nessuno —"
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.held_on:%d/%m/%Y} {m.place}"
