from django import forms

from ambito.core.forms import DateInput, StyledFormMixin

from ..choices import QuestionKind
from ..services.questionnaires import SCALE

BLANK = [("", "—")]
QUESTION_ROWS = 8
MAX_QUESTION_ROWS = 100


class QuestionnaireForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Titolo", max_length=300)
    introduction = forms.CharField(
        label="Introduzione", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="Domanda", max_length=500, required=False)
    kind = forms.ChoiceField(
        label="Tipo di risposta", choices=BLANK + QuestionKind.choices, required=False
    )
    options = forms.CharField(
        label="Opzioni (una per riga; solo per una o più scelte)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    required = forms.BooleanField(label="Risposta obbligatoria", required=False, initial=True)

    def question(self) -> dict | None:
        """The question of the row, None for a row left empty."""
        data = self.cleaned_data if self.is_valid() else {}
        if not (data.get("text") or "").strip() and not data.get("kind"):
            return None
        return {
            "text": data.get("text", ""),
            "kind": data.get("kind", ""),
            "options": (data.get("options") or "").splitlines(),
            "required": bool(data.get("required")),
        }


QuestionFormSet = forms.formset_factory(
    QuestionForm, extra=0, max_num=MAX_QUESTION_ROWS, absolute_max=MAX_QUESTION_ROWS
)


def question_formset(data=None, *, rows: int = QUESTION_ROWS, initial=None):
    rows = max(1, min(rows, MAX_QUESTION_ROWS))
    initial = list(initial or [])
    initial += [{"required": True}] * max(0, rows - len(initial))
    return QuestionFormSet(data, prefix="domanda", initial=initial)


class RoundForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Nome della rilevazione", max_length=200)
    opens_on = forms.DateField(label="Si risponde dal", widget=DateInput())
    closes_on = forms.DateField(label="Fino al", widget=DateInput())


class AnswerForm(StyledFormMixin, forms.Form):
    """One field per question, named q<position>; what is required and valid is the
    service's to say (all the errors at once, in its words)."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            label = f"{q.position}. {q.text}" + ("" if q.required else " (facoltativa)")
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(o, o) for o in q.options], widget=forms.RadioSelect
                )
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(o, o) for o in q.options], widget=forms.CheckboxSelectMultiple
                )
            elif q.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(
                    choices=[(str(n), str(n)) for n in SCALE],
                    widget=forms.RadioSelect,
                    help_text="Da 1 (per niente) a 5 (moltissimo).",
                )
            elif q.kind == QuestionKind.NUMBER:
                field = forms.CharField(max_length=30, help_text="Un numero (es. 12 o 3,5).")
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
            field.required = False
            field.label = label
            if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-control"
            self.fields[f"q{q.position}"] = field

    def answers(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {q.position: data.get(f"q{q.position}") for q in self.questions}
