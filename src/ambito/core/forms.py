from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError


class StyledFormMixin:
    """Bootstrap Italia classes on every widget, and aria-describedby on fields in error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def add_error(self, field, error):
        # Also called by full_clean(): marks the widget for screen readers. (Reading
        # self.errors in __init__ would validate too early, before subclasses finish.)
        super().add_error(field, error)
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class AuditFilterForm(StyledFormMixin, forms.Form):
    day_from = forms.DateField(label="Dal", required=False, widget=DateInput())
    day_to = forms.DateField(label="Al", required=False, widget=DateInput())
    actor = forms.ModelChoiceField(
        label="Utente", queryset=None, required=False, empty_label="Tutti gli utenti"
    )
    person = forms.CharField(
        label="Persona (codice fiscale o cognome)", required=False, max_length=100
    )
    action = forms.ChoiceField(label="Azione", required=False)
    flagged_only = forms.BooleanField(label="Solo accessi fuori competenza", required=False)

    def __init__(self, *args, users=None, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = users
        self.fields["action"].choices = [("", "Tutte le azioni"), *actions]

    def clean(self):
        data = super().clean()
        if data.get("day_from") and data.get("day_to") and data["day_from"] > data["day_to"]:
            self.add_error("day_to", "La data finale viene prima di quella iniziale.")
        return data


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label="Codice a 6 cifre",
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nome del token", max_length=100)
    days = forms.IntegerField(label="Durata (giorni)", min_value=1, max_value=366, initial=90)


def add_service_errors(form, exc: ValidationError, *, elsewhere=()) -> list[str]:
    """Put a service's ValidationError on the form: each message on its field, or on the form
    when the field is not in it. Messages of the fields named in `elsewhere` (shown by the
    page outside the form, e.g. a formset) are returned instead."""
    returned: list[str] = []
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return returned
    for field, errors in exc.error_dict.items():
        texts = [text for error in errors for text in error.messages]
        if field in elsewhere:
            returned.extend(texts)
        else:
            form.add_error(field if field in form.fields else None, texts)
    return returned
