"""Forms of the territory pages. They only check and convert input; writes go to services."""

from decimal import Decimal

from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from .choices import AccessPointKind, StaffArea, StaffProfile, Weekday
from .models import AccessPoint, ActivityField, Municipality, Organisation, Staff
from .services.organisations import ORGANISATION_FIELDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ZoneChoicesMixin:
    """Limits the choices of related fields to the zone's objects. Placed after
    StyledFormMixin, so the querysets are set before that mixin validates a bound form."""

    zone_querysets: dict[str, type] = {}

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in self.zone_querysets.items():
            self.fields[name].queryset = model.objects.filter(zone=zone).order_by("name")


def initial_from(instance, fields) -> dict:
    """Initial values for editing `instance` (related objects as objects, so that fields
    keyed by UUID show the right choice)."""
    initial = {}
    for name in fields:
        value = getattr(instance, name)
        if hasattr(value, "all"):  # many-to-many
            value = list(value.all())
        initial[name] = value
    return initial


# --- filters (GET) ---------------------------------------------------------------------------


def _any_municipality():
    return forms.ModelChoiceField(
        label="Comune",
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="Tutti i comuni",
    )


class _AccessPointFilterBase(ZoneChoicesMixin, forms.Form):
    zone_querysets = {"municipality": Municipality}

    municipality = _any_municipality()
    kind = forms.ChoiceField(
        label="Tipo", choices=[("", "Tutti i tipi"), *AccessPointKind.choices], required=False
    )


class AccessPointFilterForm(StyledFormMixin, _AccessPointFilterBase):
    pass


class _StaffFilterBase(ZoneChoicesMixin, forms.Form):
    zone_querysets = {"municipality": Municipality}

    municipality = _any_municipality()
    area = forms.ChoiceField(
        label="Area", choices=[("", "Tutte le aree"), *StaffArea.choices], required=False
    )
    profile = forms.ChoiceField(
        label="Profilo", choices=[("", "Tutti i profili"), *StaffProfile.choices], required=False
    )


class StaffFilterForm(StyledFormMixin, _StaffFilterBase):
    pass


class _YearBase(forms.Form):
    anno = forms.TypedChoiceField(label="Anno della popolazione", coerce=int, required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anno"].choices = [("", "Ultimo disponibile")] + [(y, str(y)) for y in years]


class YearForm(StyledFormMixin, _YearBase):
    pass


# --- access points ---------------------------------------------------------------------------


class _AccessPointBase(ZoneChoicesMixin, forms.ModelForm):
    zone_querysets = {"municipality": Municipality, "organisation": Organisation}

    municipality = forms.ModelChoiceField(
        label="Comune", queryset=Municipality.objects.none(), to_field_name="uuid"
    )
    organisation = forms.ModelChoiceField(
        label="Ente gestore",
        queryset=Organisation.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    class Meta:
        model = AccessPoint
        fields = [
            "name",
            "kind",
            "municipality",
            "address",
            "organisation",
            "phone",
            "email",
            "active_from",
            "active_until",
        ]
        widgets = {"active_from": DateInput(), "active_until": DateInput()}


class AccessPointForm(StyledFormMixin, _AccessPointBase):
    pass


class OpeningHoursForm(StyledFormMixin, forms.Form):
    """One slot of opening hours. An empty row is ignored; the rules across slots (closing
    after opening, no overlaps) are the service's."""

    weekday = forms.TypedChoiceField(
        label="Giorno",
        choices=[("", "---------"), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    opens = forms.TimeField(label="Apre alle", required=False, widget=TimeInput())
    closes = forms.TimeField(label="Chiude alle", required=False, widget=TimeInput())

    def clean(self):
        data = super().clean()
        values = [data.get("weekday"), data.get("opens"), data.get("closes")]
        if any(v is not None for v in values) and any(v is None for v in values):
            raise forms.ValidationError("Indica giorno, ora di apertura e ora di chiusura.")
        return data

    @property
    def slot(self):
        data = getattr(self, "cleaned_data", {})
        if data.get("weekday") is None:
            return None
        return {"weekday": data["weekday"], "opens": data["opens"], "closes": data["closes"]}


OpeningHoursFormSet = forms.formset_factory(OpeningHoursForm, extra=2, max_num=28)


def opening_hours_formset(data=None, *, access_point=None) -> forms.BaseFormSet:
    initial = []
    if access_point is not None:
        initial = [
            {"weekday": h.weekday, "opens": h.opens, "closes": h.closes}
            for h in access_point.opening_hours.order_by("weekday", "opens")
        ]
    return OpeningHoursFormSet(data, initial=initial, prefix="orari")


def slots_of(formset) -> list[dict]:
    return [form.slot for form in formset if form.slot is not None]


# --- staff -----------------------------------------------------------------------------------


class _StaffBase(ZoneChoicesMixin, forms.ModelForm):
    zone_querysets = {"employer": Organisation, "municipalities": Municipality}

    employer = forms.ModelChoiceField(
        label="Datore di lavoro", queryset=Organisation.objects.none(), to_field_name="uuid"
    )
    municipalities = forms.ModelMultipleChoiceField(
        label="Comuni serviti",
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
        required=False,
        help_text="Tieni premuto Ctrl (o Cmd) per sceglierne più di uno; nessuno = tutto l'ambito.",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Staff
        fields = [
            "last_name",
            "first_name",
            "profile",
            "employer",
            "weekly_hours",
            "area",
            "municipalities",
            "funded_by",
            "annual_cost",
            "active",
        ]
        help_texts = {"weekly_hours": "Da 0 a 60; il tempo pieno è di 36 ore."}

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, zone=zone, **kwargs)
        # The split of the weekly hours among the municipalities served (optional): one
        # field per municipality of the zone, filled only for those served.
        self.split_municipalities = list(self.fields["municipalities"].queryset)
        for municipality in self.split_municipalities:
            self.fields[self.hours_field(municipality)] = forms.DecimalField(
                label=f"Ore settimanali a {municipality.name}",
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("60"),
                decimal_places=1,
                help_text="Ripartizione facoltativa: compilala per tutti i comuni serviti, "
                "con totale pari alle ore settimanali; vuota, si ripartisce per abitanti.",
            )

    @staticmethod
    def hours_field(municipality) -> str:
        return f"ore_{municipality.uuid}"

    def clean(self):
        cleaned = super().clean()
        served = {m.pk for m in cleaned.get("municipalities") or []}
        given = {
            m.pk: cleaned.get(self.hours_field(m))
            for m in self.split_municipalities
            if cleaned.get(self.hours_field(m)) is not None
        }
        if not given:
            return cleaned
        outside = [
            m.name for m in self.split_municipalities if m.pk in given and m.pk not in served
        ]
        if outside:
            raise forms.ValidationError(
                f"Ore indicate per comuni non serviti: {', '.join(outside)}."
            )
        missing = [m.name for m in self.split_municipalities if m.pk in served - set(given)]
        if missing:
            raise forms.ValidationError(
                "La ripartizione delle ore settimanali va indicata per tutti i comuni serviti "
                f"(mancano: {', '.join(missing)}), oppure per nessuno."
            )
        weekly = cleaned.get("weekly_hours")
        if weekly is not None and sum(given.values()) != weekly:
            raise forms.ValidationError(
                f"La ripartizione somma {sum(given.values())} ore settimanali, non "
                f"{weekly}: deve essere pari alle ore settimanali."
            )
        return cleaned

    def hours_split(self) -> dict[int, Decimal] | None:
        """{municipality pk: weekly hours}, or None when no split was given."""
        split = {
            m.pk: self.cleaned_data[self.hours_field(m)]
            for m in self.split_municipalities
            if self.cleaned_data.get(self.hours_field(m)) is not None
        }
        return split or None


def staff_split_initial(staff) -> dict:
    """Initial values of the split fields for editing `staff`."""
    return {
        f"ore_{row.municipality.uuid}": row.weekly_hours
        for row in staff.staffmunicipality_set.select_related("municipality")
        if row.weekly_hours is not None
    }


class StaffForm(StyledFormMixin, _StaffBase):
    pass


# --- organisations (the third-sector registry) -----------------------------------------------


class _OrganisationBase(ZoneChoicesMixin, forms.ModelForm):
    """An organisation of the zone with its registry data (RUNTS, legal representative, PEC,
    fields of activity). The model's own validators (RUNTS number, tax code) and the
    duplicate checks run in the service, all at once."""

    zone_querysets = {"municipality": Municipality}

    municipality = forms.ModelChoiceField(
        label="Comune (sede)",
        queryset=Municipality.objects.none(),
        to_field_name="uuid",
        required=False,
    )
    fields_of_activity = forms.ModelMultipleChoiceField(
        label="Settori di attività (art. 5 CTS)",
        queryset=ActivityField.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)

    def _post_clean(self):
        # No model validation here: the service validates and reports every error at once.
        pass


class OrganisationForm(StyledFormMixin, _OrganisationBase):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_of_activity"].widget.attrs["class"] = "form-check-input"
