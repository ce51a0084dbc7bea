from django import forms

from ambito.catalog.models import InterventionType, Service
from ambito.core.forms import DateInput, StyledFormMixin
from ambito.planning.models import FundSource, PlanObjective
from ambito.territory.models import Organisation

from ..choices import AgreementKind
from ..selectors.agreements import AgreementState
from ..services.agreements import AGREEMENT_ORGANISATION_KINDS

BLANK = [("", "—")]


def _organisations(user):
    return Organisation.objects.visible_to(user).filter(kind__in=AGREEMENT_ORGANISATION_KINDS)


def _lines(user):
    return (
        PlanObjective.objects.visible_to(user)
        .filter(plan__kind="pact")
        .select_related("plan")
        .order_by("plan__period_start", "position")
    )


class _LineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.title[:80]}"


def _funds(current=None):
    """The active fund sources, and the one the agreement is already charged to."""
    from django.db.models import Q

    return FundSource.objects.filter(Q(active=True) | Q(pk=current)).order_by("position", "code")


def _fund_field():
    return forms.ModelChoiceField(
        label="Fondo a cui è imputata",
        required=False,
        queryset=FundSource.objects.none(),
        empty_label="— nessun fondo —",
        help_text="Con il fondo indica l'annualità: l'importo (o il tetto dei rimborsi) è "
        "programmato e impegnato sul residuo del fondo di quell'anno.",
    )


def _year_field():
    return forms.IntegerField(
        label="Annualità del fondo", required=False, min_value=2000, max_value=2100
    )


class _TypeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name[:80]}"


class AgreementFilterForm(StyledFormMixin, forms.Form):
    stato = forms.ChoiceField(
        label="Stato",
        required=False,
        choices=BLANK
        + [(slug, AgreementState.labels[state]) for slug, state in AgreementState.by_slug.items()],
    )
    ente = forms.ModelChoiceField(
        label="Ente", required=False, queryset=Organisation.objects.none(), to_field_name="uuid"
    )
    linea = _LineChoice(
        label="Linea", required=False, queryset=PlanObjective.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = _organisations(user).order_by("name")
        if not user.has_perm("network.view_zone_network"):
            # An operator filters among their own organisation only: the list of the others
            # with an agreement is not theirs to see.
            organisations = organisations.filter(pk=getattr(user, "organisation_id", None))
        self.fields["ente"].queryset = organisations
        self.fields["linea"].queryset = _lines(user)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": AgreementState.by_slug.get(data.get("stato") or "", ""),
            "organisation": data.get("ente"),
            "line": data.get("linea"),
        }


class AgreementForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Ente", queryset=Organisation.objects.none(), to_field_name="uuid"
    )
    kind = forms.ChoiceField(label="Tipo", choices=BLANK + AgreementKind.choices)
    number = forms.CharField(label="Numero / atto", max_length=60)
    subject = forms.CharField(label="Oggetto", max_length=300)
    line = _LineChoice(
        label="Linea del patto",
        required=False,
        queryset=PlanObjective.objects.none(),
        to_field_name="uuid",
    )
    starts_on = forms.DateField(label="Dal", widget=DateInput())
    ends_on = forms.DateField(label="Al", widget=DateInput())
    amount = forms.DecimalField(
        label="Importo (€)", required=False, decimal_places=2, max_digits=14, localize=True
    )
    reimbursement_ceiling = forms.DecimalField(
        label="Tetto dei rimborsi (€)",
        required=False,
        decimal_places=2,
        max_digits=14,
        localize=True,
    )
    fund = _fund_field()
    funding_year = _year_field()
    services = forms.ModelMultipleChoiceField(
        label="Servizi della carta erogati",
        required=False,
        queryset=Service.objects.none(),
        to_field_name="uuid",
    )
    intervention_types = _TypeChoice(
        label="Tipi di intervento erogati",
        required=False,
        queryset=InterventionType.objects.all(),
        to_field_name="code",
    )
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(label="Documento firmato (PDF, JPEG o PNG)", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(user).order_by("name")
        self.fields["line"].queryset = _lines(user)
        self.fields["services"].queryset = Service.objects.visible_to(user).order_by("name")
        for name in ("services", "intervention_types"):
            self.fields[name].widget.attrs["size"] = 6
        self.fields["fund"].queryset = _funds((self.initial or {}).get("fund"))

    @classmethod
    def initial_of(cls, agreement) -> dict:
        return {
            "organisation": agreement.organisation.uuid,
            "kind": agreement.kind,
            "number": agreement.number,
            "subject": agreement.subject,
            "line": agreement.line.uuid if agreement.line else None,
            "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on,
            "amount": agreement.amount,
            "reimbursement_ceiling": agreement.reimbursement_ceiling,
            "fund": agreement.fund_id,
            "funding_year": agreement.funding_year,
            "services": [s.uuid for s in agreement.services.all()],
            "intervention_types": [t.code for t in agreement.intervention_types.all()],
            "notes": agreement.notes,
        }


class RenewForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label="Numero / atto del rinnovo", max_length=60)
    starts_on = forms.DateField(label="Dal", widget=DateInput())
    ends_on = forms.DateField(label="Al", widget=DateInput())
    amount = forms.DecimalField(
        label="Importo (€), vuoto: come la convenzione rinnovata",
        required=False,
        decimal_places=2,
        max_digits=14,
        localize=True,
    )
    reimbursement_ceiling = forms.DecimalField(
        label="Tetto dei rimborsi (€), vuoto: come la convenzione rinnovata",
        required=False,
        decimal_places=2,
        max_digits=14,
        localize=True,
    )
    fund = _fund_field()
    funding_year = _year_field()
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.FileField(label="Documento firmato (PDF, JPEG o PNG)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = _funds((self.initial or {}).get("fund"))


class TerminateForm(StyledFormMixin, forms.Form):
    on = forms.DateField(label="Cessata il", widget=DateInput())
    reason = forms.CharField(label="Motivo", widget=forms.Textarea(attrs={"rows": 2}))
