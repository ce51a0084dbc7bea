"""Pages of the needs questionnaire: the questionnaires, a new one, one with its questions and
rounds (the plan office sends a round from it), a round's results (a chart per question with
its data table, the response rate), the operator's answer form, the results' export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ambito.core.audit import log_access
from ambito.core.choices import AccessAction
from ambito.core.forms import add_service_errors
from ambito.core.permissions import NotAllowed
from ambito.core.tables import XLSX, csv_bytes, xlsx_bytes

from ..forms.questionnaires import (
    QUESTION_ROWS,
    AnswerForm,
    QuestionnaireForm,
    RoundForm,
    question_formset,
)
from ..selectors import questionnaires as selectors
from ..services import questionnaires as services
from ..services.common import NOT_ALLOWED, is_manager

VIEW = "network.view_questionnaire"


def _crumbs(*items):
    return [("Questionari", reverse("network:questionnaires")), *items]


def _questionnaire(request, uuid):
    questionnaire = selectors.questionnaire_for(user=request.user, uuid=uuid)
    if questionnaire is None:
        raise Http404
    return questionnaire


def _round(request, uuid):
    round_ = selectors.round_for(user=request.user, uuid=uuid)
    if round_ is None:
        raise Http404
    return round_


@login_required
@permission_required(VIEW, raise_exception=True)
def questionnaire_list(request):
    return render(
        request,
        "network/questionnaires/list.html",
        {
            "questionnaires": selectors.questionnaires_for(user=request.user),
            "rounds": selectors.rounds_for(user=request.user),
            "can_manage": is_manager(request.user),
            "breadcrumbs": [("Questionari", None)],
        },
    )


def _rows(request) -> int:
    try:
        return int(request.GET.get("domande") or QUESTION_ROWS)
    except ValueError:
        return QUESTION_ROWS


@login_required
@permission_required(VIEW, raise_exception=True)
def questionnaire_add(request):
    if not is_manager(request.user):
        raise NotAllowed(NOT_ALLOWED)
    form = QuestionnaireForm(request.POST or None)
    formset = question_formset(request.POST or None, rows=_rows(request))
    questions_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        questions = [q for q in (f.question() for f in formset.forms) if q is not None]
        try:
            created = services.questionnaire_create(
                actor=request.user, questions=questions, **form.cleaned_data
            )
        except ValidationError as error:
            questions_errors = add_service_errors(form, error, elsewhere=("questions",))
        else:
            messages.success(request, "Questionario creato: invialo agli enti aderenti.")
            return redirect("network:questionnaire", uuid=created.uuid)
    return render(
        request,
        "network/questionnaires/add.html",
        {
            "form": form,
            "formset": formset,
            "questions_errors": questions_errors,
            "more_rows": min(formset.total_form_count() + 8, 100),
            "breadcrumbs": _crumbs(("Nuovo questionario", None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def questionnaire_detail(request, uuid):
    questionnaire = _questionnaire(request, uuid)
    manager = is_manager(request.user)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not manager:
            raise NotAllowed(NOT_ALLOWED)
        if form.is_valid():
            try:
                sent = services.round_send(
                    actor=request.user, questionnaire=questionnaire, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"Rilevazione inviata a {sent.recipients.count()} enti aderenti."
                )
                return redirect("network:round", uuid=sent.uuid)
    return render(
        request,
        "network/questionnaires/detail.html",
        {
            "questionnaire": questionnaire,
            "questions": questionnaire.questions.order_by("position"),
            "rounds": selectors.rounds_for(user=request.user, questionnaire=questionnaire),
            "form": form,
            "can_manage": manager,
            "breadcrumbs": _crumbs((questionnaire.title[:60], None)),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def round_detail(request, uuid):
    round_ = _round(request, uuid)
    results = selectors.round_results(round_=round_, viewer=request.user)
    log_access(user=request.user, obj=round_, detail={"risultati": True})
    charts = [(f"grafico-{q.position}", q.chart()) for q in results.questions if q.has_chart]
    return render(
        request,
        "network/questionnaires/round.html",
        {
            "round": round_,
            "results": results,
            "charts": charts,
            "can_answer": selectors.can_answer(user=request.user, round_=round_),
            "own_response": selectors.own_response(user=request.user, round_=round_),
            "breadcrumbs": _crumbs(
                (
                    round_.questionnaire.title[:60],
                    reverse("network:questionnaire", args=[round_.questionnaire.uuid]),
                ),
                (round_.name, None),
            ),
        },
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def round_answer(request, uuid):
    round_ = _round(request, uuid)
    organisation_id = getattr(request.user, "organisation_id", None)
    if (
        organisation_id is None
        or not round_.recipients.filter(organisation_id=organisation_id).exists()
    ):
        raise Http404
    questions = list(round_.questionnaire.questions.order_by("position"))
    form = AnswerForm(request.POST or None, questions=questions)
    answered = selectors.own_response(user=request.user, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(actor=request.user, round=round_, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Grazie: la risposta della vostra organizzazione è registrata."
            )
            return redirect("network:round", uuid=round_.uuid)
    return render(
        request,
        "network/questionnaires/answer.html",
        {
            "round": round_,
            "form": form,
            "answered": answered,
            "open": services.answerable(round_),
            "breadcrumbs": _crumbs(
                (round_.name, reverse("network:round", args=[round_.uuid])),
                ("Rispondi", None),
            ),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def round_export(request, uuid, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    round_ = _round(request, uuid)
    results = selectors.round_results(round_=round_, viewer=request.user)
    rows = selectors.export_rows(results)
    log_access(user=request.user, obj=round_, action=AccessAction.EXPORT, detail={"formato": fmt})
    name = f"rilevazione-{round_.opens_on:%Y%m%d}-{round_.pk}"
    if fmt == "csv":
        content, content_type = csv_bytes(selectors.EXPORT_HEADER, rows), "text/csv; charset=utf-8"
    else:
        content = xlsx_bytes([(round_.name or "Risultati", selectors.EXPORT_HEADER, rows)])
        content_type = XLSX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
