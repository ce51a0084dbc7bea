"""Registry pages. Persons are found by POSTed searches (no personal data in URLs) and
opened by UUID; every read goes through the selectors, which log it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.access.selectors import contacts_of_person
from ambito.cases.selectors import case_list
from ambito.core import break_glass, fiscal_code
from ambito.core.forms import add_service_errors

from . import selectors, services
from .forms import (
    AccessReasonForm,
    AddMemberForm,
    EndMembershipForm,
    IseeForm,
    PersonEditForm,
    PersonForm,
    SearchForm,
)
from .models import Household, Person


def _breadcrumbs(*items):
    return [("Anagrafe", reverse("registry:search")), *items]


def _person_or_404(request, uuid) -> tuple[Person, bool]:
    """The person and whether the read is outside the user's scope (with a reason)."""
    try:
        return selectors.person_get(user=request.user, uuid=uuid), False
    except Person.DoesNotExist:
        reason = break_glass.granted_reason(request, Person, uuid)
        if reason is None:
            raise Http404 from None
    try:
        person = selectors.person_get_with_reason(user=request.user, uuid=uuid, reason=reason)
    except Person.DoesNotExist as exc:
        raise Http404 from exc
    return person, True


def _person_in_scope_or_404(user, uuid) -> Person:
    """Writes are allowed only within the user's scope, never through a reasoned read."""
    try:
        return selectors.person_get(user=user, uuid=uuid)
    except Person.DoesNotExist as exc:
        raise Http404 from exc


def _household_or_404(user, uuid) -> Household:
    try:
        return selectors.household_get(user=user, uuid=uuid)
    except Household.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@permission_required("registry.view_person", raise_exception=True)
def search(request):
    """One search box. GET shows it; POST (plain or htmx) runs the search."""
    form = SearchForm(request.POST or None)
    results, total, searched, reason_form = [], 0, False, None
    if request.method == "POST" and form.is_valid():
        query = selectors.PersonQuery.parse(form.cleaned_data["q"])
        searched = not query.is_empty
        # The first page and how many match in all: a cut list says it is cut.
        results, total = selectors.person_search_page(
            user=request.user, query=query, offset=0, limit=selectors.SEARCH_LIMIT
        )
        if query.fiscal_code and not results:
            out_of_scope = selectors.person_out_of_scope(user=request.user, code=query.fiscal_code)
            if out_of_scope is not None:
                reason_form = AccessReasonForm(initial={"fiscal_code": query.fiscal_code})
    context = {
        "form": form,
        "reason_form": reason_form,
        "results": results,
        "total": total,
        "searched": searched,
        "limit": selectors.SEARCH_LIMIT,
        "breadcrumbs": [("Anagrafe", None)],
    }
    if request.headers.get("HX-Request"):
        return render(request, "registry/_search_results.html", context)
    return render(request, "registry/search.html", context)


@login_required
@permission_required("registry.view_person", raise_exception=True)
@require_POST
def person_access_with_reason(request):
    """Open a person of the zone outside the user's municipalities, stating why."""
    form = AccessReasonForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "registry/search.html",
            {
                "form": SearchForm(),
                "reason_form": form,
                "searched": True,
                "breadcrumbs": [("Anagrafe", None)],
            },
            status=422,
        )
    code = fiscal_code.normalise(form.cleaned_data["fiscal_code"])
    person = selectors.person_out_of_scope(user=request.user, code=code)
    if person is None:
        raise Http404
    break_glass.grant(request, person, form.cleaned_data["reason"])
    return redirect("registry:person_detail", uuid=person.uuid)


@login_required
@permission_required("registry.view_person", raise_exception=True)
def person_detail(request, uuid):
    person, out_of_scope = _person_or_404(request, uuid)
    household = selectors.person_household(user=request.user, person=person)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "out_of_scope": out_of_scope,
            "age": selectors.age_on(person.birth_date, timezone.localdate()),
            "membership": household.membership,
            "household_members": household.members,
            "profile": household.profile,
            "isee_records": selectors.isee_history(person),
            "contacts": contacts_of_person(user=request.user, person=person)
            if request.user.has_perm("access.view_contact")
            else None,
            "cases": list(case_list(user=request.user, open_only=False).filter(person=person))
            if request.user.has_perm("cases.view_case")
            else None,
            "breadcrumbs": _breadcrumbs((str(person), None)),
        },
    )


@login_required
@permission_required("registry.add_person", raise_exception=True)
def person_create(request):
    municipalities = selectors.residence_municipalities_for(request.user)
    form = PersonForm(request.POST or None, municipalities=municipalities)
    duplicate, homonyms, warnings = None, [], []
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                data=form.cleaned_data,
                confirmed=form.cleaned_data.get("confirmed", False),
            )
        except services.DuplicatePerson as exc:
            duplicate = exc.existing
            form.add_error("fiscal_code", exc.messages[0])
        except services.PersonNeedsConfirmation as exc:
            warnings = exc.warnings
            visible = Person.objects.visible_to(request.user)
            homonyms = [p for p in exc.homonyms if visible.filter(pk=p.pk).exists()]
            form.show_confirmation()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Persona registrata.")
            return redirect("registry:person_detail", uuid=person.uuid)
    return render(
        request,
        "registry/person_form.html",
        {
            "form": form,
            "duplicate": duplicate,
            "homonyms": homonyms,
            "warnings": warnings,
            "title": "Registra una persona",
            "breadcrumbs": _breadcrumbs(("Nuova persona", None)),
        },
    )


@login_required
@permission_required("registry.change_person", raise_exception=True)
def person_edit(request, uuid):
    person = _person_in_scope_or_404(request.user, uuid)
    municipalities = selectors.residence_municipalities_for(request.user)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial["fiscal_code"] = person.fiscal_code
    form = PersonEditForm(request.POST or None, initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Dati aggiornati.")
            return redirect("registry:person_detail", uuid=person.uuid)
    return render(
        request,
        "registry/person_form.html",
        {
            "form": form,
            "person": person,
            "title": "Modifica i dati",
            "breadcrumbs": _breadcrumbs(
                (str(person), reverse("registry:person_detail", args=[person.uuid])),
                ("Modifica", None),
            ),
        },
    )


@login_required
@permission_required("registry.add_iseerecord", raise_exception=True)
def isee_add(request, uuid):
    person = _person_in_scope_or_404(request.user, uuid)
    form = IseeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.isee_record_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Attestazione ISEE registrata.")
            return redirect("registry:person_detail", uuid=person.uuid)
    return render(
        request,
        "registry/isee_form.html",
        {
            "form": form,
            "person": person,
            "breadcrumbs": _breadcrumbs(
                (str(person), reverse("registry:person_detail", args=[person.uuid])),
                ("Nuovo ISEE", None),
            ),
        },
    )


@login_required
@permission_required("registry.add_household", raise_exception=True)
@require_POST
def household_create(request, uuid):
    person = _person_in_scope_or_404(request.user, uuid)
    try:
        household = services.household_create(actor=request.user, head=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry:person_detail", uuid=person.uuid)
    messages.success(request, "Nucleo familiare creato.")
    return redirect("registry:household_detail", uuid=household.uuid)


@login_required
@permission_required("registry.view_household", raise_exception=True)
def household_detail(request, uuid):
    household = _household_or_404(request.user, uuid)
    add_form = AddMemberForm(
        request.POST if "add_member" in request.POST else None,
        initial={"start_date": timezone.localdate()},
    )
    if request.method == "POST" and "add_member" in request.POST:
        if not request.user.has_perm("registry.change_household"):
            raise Http404
        if add_form.is_valid():
            code = fiscal_code.normalise(add_form.cleaned_data["fiscal_code"])
            person = Person.objects.visible_to(request.user).filter(fiscal_code=code).first()
            if person is None:
                add_form.add_error(
                    "fiscal_code",
                    "Nessuna persona con questo codice fiscale tra quelle che puoi vedere: "
                    "registrala prima in anagrafe.",
                )
            else:
                try:
                    services.household_add_member(
                        actor=request.user,
                        household=household,
                        person=person,
                        relationship=add_form.cleaned_data["relationship"],
                        start_date=add_form.cleaned_data["start_date"],
                    )
                except ValidationError as exc:
                    add_service_errors(add_form, exc)
                else:
                    messages.success(request, "Componente aggiunto al nucleo.")
                    return redirect("registry:household_detail", uuid=household.uuid)
    today = timezone.localdate()
    current = selectors.household_members_on(household, today)
    head = next((m.person for m in current if m.relationship == "head"), None)
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "current_members": [(m, selectors.age_on(m.person.birth_date, today)) for m in current],
            "past_members": [m for m in household.memberships.all() if m.end_date],
            "profile": selectors.household_profile(household, today),
            "add_form": add_form,
            "end_form": EndMembershipForm(initial={"end_date": today}),
            "breadcrumbs": _breadcrumbs(
                *(
                    [(str(head), reverse("registry:person_detail", args=[head.uuid]))]
                    if head
                    else []
                ),
                ("Nucleo familiare", None),
            ),
        },
    )


@login_required
@permission_required("registry.change_household", raise_exception=True)
@require_POST
def household_member_end(request, uuid, person_uuid):
    household = _household_or_404(request.user, uuid)
    member = next(
        (
            m
            for m in household.memberships.all()
            if m.person.uuid == person_uuid and m.end_date is None
        ),
        None,
    )
    if member is None:
        raise Http404
    form = EndMembershipForm(request.POST)
    if form.is_valid():
        try:
            services.household_remove_member(
                actor=request.user, member=member, end_date=form.cleaned_data["end_date"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Il componente è uscito dal nucleo.")
    else:
        messages.error(request, "Indica una data di uscita valida.")
    return redirect("registry:household_detail", uuid=household.uuid)
