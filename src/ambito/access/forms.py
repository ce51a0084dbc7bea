from django import forms
from django.utils import timezone

from ambito.core.fiscal_code import normalise as normalise_code
from ambito.core.forms import DateInput, DateTimeLocalInput, StyledFormMixin
from ambito.territory.models import Organisation

from . import selectors
from .choices import Channel, Outcome, ReferralKind
from .services import NEED_AREA_MISSING


def _unstyle(field: forms.Field) -> None:
    """Radios and checkboxes are laid out by the template with Bootstrap Italia's classes."""
    field.widget.attrs.pop("class", None)


class ContactForm(StyledFormMixin, forms.Form):
    """The front desk's fast entry form. The person is chosen among search results (radio
    `person`, a UUID, or empty for an anonymous contact); the view resolves it."""

    access_point = forms.ModelChoiceField(
        label="Punto di accesso", queryset=None, empty_label="Scegli il punto di accesso"
    )
    started_at = forms.DateTimeField(
        label="Data e ora",
        widget=DateTimeLocalInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    channel = forms.ChoiceField(
        label="Canale", choices=Channel.choices, initial=Channel.DESK, widget=forms.RadioSelect
    )
    q = forms.CharField(
        label="Cerca la persona",  # short: a label that wraps covers its field on a phone
        help_text="Codice fiscale, cognome o data di nascita.",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    searched_q = forms.CharField(required=False, widget=forms.HiddenInput())
    person = forms.UUIDField(required=False, widget=forms.HiddenInput())
    municipality = forms.ModelChoiceField(
        label="Comune di residenza",
        queryset=None,
        required=False,
        empty_label="Non indicato",
        help_text="Anche per un accesso anonimo: serve all'osservatorio.",
    )
    need_areas = forms.ModelMultipleChoiceField(
        label="Aree di bisogno",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        # The service refuses a contact without one too; the same words on the page.
        error_messages={"required": NEED_AREA_MISSING},
    )
    request_text = forms.CharField(
        label="Richiesta", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer_text = forms.CharField(
        label="Risposta data", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    referral_kind = forms.ChoiceField(
        label="Orientamento / invio", choices=ReferralKind.choices, required=False
    )
    referral_service = forms.ModelChoiceField(
        label="Servizio della carta", queryset=None, required=False, empty_label="—"
    )
    referral_organisation = forms.ModelChoiceField(
        label="Ente", queryset=None, required=False, empty_label="—"
    )
    referral_office = forms.CharField(label="Altro ufficio", max_length=200, required=False)
    outcome = forms.ChoiceField(label="Esito", choices=Outcome.choices, initial=Outcome.INFORMATION)
    minutes_spent = forms.IntegerField(
        label="Minuti dedicati", min_value=0, max_value=600, required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from ambito.catalog.models import NeedArea

        self.fields["access_point"].queryset = selectors.access_points_for(user)
        self.fields["municipality"].queryset = selectors.zone_municipalities(user.zone_id)
        self.fields["need_areas"].queryset = NeedArea.objects.all()
        self.fields["referral_service"].queryset = selectors.published_services(user.zone_id)
        self.fields["referral_organisation"].queryset = Organisation.objects.filter(
            zone_id=user.zone_id
        ).order_by("name")
        self.fields["access_point"].widget.attrs["autofocus"] = True
        for name in ("channel", "need_areas"):
            _unstyle(self.fields[name])
        if not self.is_bound:
            self.initial.setdefault("started_at", timezone.localtime().replace(second=0))


class ContactCorrectForm(ContactForm):
    """The fast form's fields for correcting a contact, without the person (a contact recorded
    for the wrong person is cancelled and recorded again), and the reason, required."""

    reason = forms.CharField(
        label="Motivo della correzione",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        error_messages={"required": "Scrivi il motivo della correzione."},
    )

    def __init__(self, *args, contact, **kwargs):
        if (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                "access_point": contact.access_point,
                "started_at": timezone.localtime(contact.started_at),
                "channel": contact.channel,
                "municipality": contact.municipality,
                "need_areas": list(contact.need_areas.all()),
                "request_text": contact.request_text,
                "answer_text": contact.answer_text,
                "referral_kind": contact.referral_kind,
                "referral_service": contact.referral_service,
                "referral_organisation": contact.referral_organisation,
                "referral_office": contact.referral_office,
                "outcome": contact.outcome,
                "minutes_spent": contact.minutes_spent,
            }
        super().__init__(*args, **kwargs)
        for name in ("q", "searched_q", "person"):
            del self.fields[name]
        # The contact's own access point stays choosable even if closed since.
        self.fields["access_point"].queryset = self.fields["access_point"].queryset | (
            type(contact.access_point).objects.filter(pk=contact.access_point_id)
        )
        self.fields["access_point"].widget.attrs.pop("autofocus", None)


class ContactCancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="Motivo dell'annullamento",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500, "autofocus": True}),
        help_text="Ad esempio: registrato due volte, registrato per sbaglio. L'accesso resta "
        "nell'elenco, segnato come annullato, e non conta più nell'osservatorio.",
        error_messages={"required": "Scrivi il motivo dell'annullamento."},
    )


class PersonSearchForm(forms.Form):
    q = forms.CharField(max_length=100, required=False)


class DayForm(StyledFormMixin, forms.Form):
    giorno = forms.DateField(label="Giorno", required=False, widget=DateInput())


class CallbackCompleteForm(StyledFormMixin, forms.Form):
    answer_text = forms.CharField(
        label="Risposta data", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(label="Esito", choices=Outcome.choices)


class AccessPointSelect(forms.Select):
    """Each access point's option says its municipality (data-comune), for the script that
    shows only the points of the municipality chosen."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-comune"] = str(instance.municipality_id)
        return option


class PublicRequestForm(StyledFormMixin, forms.Form):
    """The citizen's request. Lengths and markup are checked by the service, so that the
    messages are the same for the page and any other caller."""

    name = forms.CharField(
        label="Nome e cognome",
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": 120}),
    )
    contact = forms.CharField(
        label="Telefono o email",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "maxlength": 120}),
        help_text="Ti richiameremo a questo recapito.",
    )
    municipality = forms.ModelChoiceField(
        label="Comune di residenza", queryset=None, empty_label="Scegli il comune"
    )
    access_point = forms.ModelChoiceField(
        label="Punto di accesso",
        queryset=None,
        empty_label="Scegli il punto di accesso",
        widget=AccessPointSelect,
    )
    request_text = forms.CharField(
        label="La tua richiesta, in breve",
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        help_text="Al massimo 2000 caratteri. Non scrivere dati sulla salute.",
    )
    consent = forms.BooleanField(
        label="Ho letto l'informativa sulla privacy e acconsento al trattamento dei miei dati "
        "per essere ricontattato",
        error_messages={
            "required": "Per inviare la richiesta devi acconsentire al trattamento dei dati."
        },
    )
    # Honeypot: hidden from people, filled by robots.
    website = forms.CharField(
        label="Lascia vuoto questo campo",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, zone, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = selectors.zone_municipalities(zone.pk)
        # Only the points of the municipality chosen (all the zone's before a choice, and
        # when it has none of its own); the service checks the pair again.
        self.none_in_municipality = False
        if municipality is None:
            points = selectors.public_access_points(zone)
        else:
            points, self.none_in_municipality = selectors.public_access_points_of(
                zone, municipality
            )
        self.fields["access_point"].queryset = points.order_by("municipality__name", "name")
        # Every point of the zone, for the script that filters the list in the page.
        self.all_access_points = selectors.public_access_points(zone).order_by(
            "municipality__name", "name"
        )
        self.fields["name"].error_messages["required"] = "Scrivi il tuo nome."
        self.fields["contact"].error_messages["required"] = (
            "Scrivi un numero di telefono o un indirizzo email."
        )
        self.fields["request_text"].error_messages["required"] = "Scrivi in breve la richiesta."
        self.fields["municipality"].error_messages["required"] = "Scegli il tuo comune."
        self.fields["access_point"].error_messages["required"] = "Scegli un punto di accesso."
        self.fields["access_point"].error_messages["invalid_choice"] = (
            "Scegli un punto di accesso del tuo comune tra quelli dell'elenco."
        )

    @property
    def visible_fields_without_honeypot(self):
        return [f for f in self.visible_fields() if f.name != "website"]


class InlinePersonForm(StyledFormMixin, forms.Form):
    """A new person registered from the fast form, saved with the contact in one go (prefix
    "nuova"). Only what the front desk knows at once; the rest is completed on the person page.
    The registry's service validates the code, refuses duplicates and flags homonyms."""

    fiscal_code = forms.CharField(
        label="Codice fiscale",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "cf"}),
    )
    last_name = forms.CharField(label="Cognome", max_length=100, required=False)
    first_name = forms.CharField(label="Nome", max_length=100, required=False)
    residence_municipality = forms.ModelChoiceField(
        label="Comune di residenza", queryset=None, required=False, empty_label="Scegli il comune"
    )
    phone = forms.CharField(label="Telefono", max_length=32, required=False)
    confirmed = forms.BooleanField(
        label="Ho verificato: non è la stessa persona / i dati sono corretti",
        required=False,
        widget=forms.HiddenInput(),
    )

    REQUIRED = {
        "last_name": "Scrivi il cognome.",
        "first_name": "Scrivi il nome.",
        "residence_municipality": "Scegli il comune di residenza.",
    }

    def __init__(self, *args, municipalities, **kwargs):
        kwargs.setdefault("prefix", "nuova")
        super().__init__(*args, **kwargs)
        self.fields["residence_municipality"].queryset = municipalities
        self.warnings: list[str] = []
        self.offered: list = []  # registered persons to pick instead (duplicate, homonyms)

    @property
    def wanted(self) -> bool:
        """The operator started registering a new person (any field of it filled)."""
        if not self.is_bound:
            return False
        return any(
            (self.data.get(self.add_prefix(name)) or "").strip()
            for name in ("fiscal_code", "last_name", "first_name")
        )

    def clean(self):
        data = super().clean()
        if not (data.get("fiscal_code") or "").strip():
            self.add_error("fiscal_code", "Scrivi il codice fiscale della nuova persona.")
        for name, message in self.REQUIRED.items():
            if not data.get(name):
                self.add_error(name, message)
        return data

    def person_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in (
                "fiscal_code",
                "last_name",
                "first_name",
                "residence_municipality",
                "phone",
            )
        }

    def is_code_of(self, person) -> bool:
        """The code typed is the one of this registered person (offered as a duplicate)."""
        typed = normalise_code(self.data.get(self.add_prefix("fiscal_code"), ""))
        return typed == person.fiscal_code

    def show_confirmation(self) -> None:
        self.fields["confirmed"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
