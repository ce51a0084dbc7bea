"""Pages of the front desk: the fast entry form, each access point's daily list and the
queue of web requests to call back. Reads through the selectors (scoped, logged), writes
through the services; person searches are POSTed (no personal data in URLs)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ambito.catalog import eligibility
from ambito.catalog.models import NeedArea
from ambito.core.forms import add_service_errors
from ambito.core.permissions import allowed, require, working_zone
from ambito.registry import services as registry_services
from ambito.registry.models import Person
from ambito.registry.selectors import (
    PersonQuery,
    person_get,
    person_search,
    residence_municipalities_for,
)
from ambito.territory.models import AccessPoint

from . import selectors, services
from .choices import Outcome, ReferralKind
from .forms import (
    CallbackCompleteForm,
    ContactCancelForm,
    ContactCorrectForm,
    ContactForm,
    DayForm,
    InlinePersonForm,
    PersonSearchForm,
)
from .models import Contact

SESSION_ACCESS_POINT = "access_point"
PERSON_CHOICES_LIMIT = 10


def _breadcrumbs(*items):
    return [("Accessi", reverse("access:home")), *items]


def _remembered_access_point(request):
    uuid = request.session.get(SESSION_ACCESS_POINT)
    if not uuid:
        return None
    return selectors.access_points_for(request.user).filter(uuid=uuid).first()


PERSON_NOT_CHOSEN = (
    "Scegli la persona tra quelle trovate, oppure «Anonimo o non identificato»: "
    "l'accesso non è stato registrato."
)


def _search(user, text: str) -> tuple[list[Person], Person | None]:
    """The persons matching what was typed, and the one whose codice fiscale is exactly the
    text typed (selected at once: nobody else can be meant)."""
    query = PersonQuery.parse(text)
    if query.is_empty:
        return [], None
    candidates = person_search(user=user, query=query, limit=PERSON_CHOICES_LIMIT)
    exact = next((p for p in candidates if query.fiscal_code == p.fiscal_code), None)
    return candidates, exact if query.fiscal_code else None


def _chosen_person(user, value) -> Person | None:
    """The person picked in the form, read through the registry's scoped selector (logged);
    None for an anonymous contact or a person the user may not see."""
    if not value:
        return None
    try:
        return person_get(user=user, uuid=value)
    except (Person.DoesNotExist, ValidationError, ValueError):
        return None


@login_required
@permission_required("access.view_contact", raise_exception=True)
def home(request):
    access_point = _remembered_access_point(request)
    today = timezone.localdate()
    contacts = (
        selectors.contact_list_for_access_point(
            user=request.user, access_point=access_point, day=today
        )
        if access_point
        else []
    )
    _mark_amendable(request.user, contacts)
    return render(
        request,
        "access/home.html",
        {
            "access_point": access_point,
            "access_points": selectors.access_points_for(request.user),
            "contacts": contacts,
            "today": today,
            "callback_count": selectors.callback_queue_count(user=request.user),
            "breadcrumbs": [("Accessi", None)],
        },
    )


@login_required
@permission_required("access.add_contact", raise_exception=True)
def contact_create(request):
    """The fast form. A POST is a search when "Cerca" was pressed, or when Enter was pressed
    in the search box with new text and no person chosen yet; otherwise it saves."""
    user = request.user
    candidates: list[Person] = []
    searched = False
    municipalities = residence_municipalities_for(user)
    new_person = InlinePersonForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST":
        form = ContactForm(request.POST, user=user)
        q = request.POST.get("q", "").strip()
        chosen = _chosen_person(user, request.POST.get("person"))
        # "Anonimo" counts only when it was ticked: no radio is checked by default, so that a
        # second Enter after a search cannot save a contact for nobody in particular.
        anonymous = "person" in request.POST and not request.POST["person"]
        searched_before = bool(request.POST.get("searched_q", "").strip())
        new_search = q and q != request.POST.get("searched_q", "").strip() and chosen is None
        if new_person.wanted and chosen is not None and new_person.is_code_of(chosen):
            # The person offered as "già registrata" was picked: the contact is theirs.
            new_person = InlinePersonForm(municipalities=municipalities)
        if "use_person" in request.POST:
            # "Scegli questa persona" beside a person offered instead of the new one.
            picked = _chosen_person(user, request.POST["use_person"])
            if picked is not None:
                chosen = picked
                new_person = InlinePersonForm(municipalities=municipalities)
        elif "refer_service" in request.POST:
            # "Orienta verso questo servizio" without JavaScript: the referral is set, not saved.
            form = ContactForm(_with_referral(request.POST), user=user)
            form.fields["access_point"].widget.attrs.pop("autofocus", None)
            form.fields["referral_service"].widget.attrs["autofocus"] = True
        elif "search" in request.POST or new_search:
            (candidates, exact), searched = _search(user, q), True
            anonymous = False
            if exact is not None:
                chosen = exact
            form = ContactForm(_with_searched(request.POST, q), user=user)
        elif searched_before and chosen is None and not anonymous and not new_person.wanted:
            form.is_valid()  # every other error shows at once too
            form.add_error(None, PERSON_NOT_CHOSEN)
            candidates, searched = _search(user, q)[0], True  # shown again, to choose from
        elif new_person.wanted and not user.has_perm("registry.add_person"):
            form.is_valid()
            form.add_error(None, "Non hai il permesso di registrare persone.")
        elif new_person.wanted and chosen is not None:
            form.is_valid()
            form.add_error(
                None,
                "Hai scelto una persona dall'elenco e compilato anche una nuova persona: "
                "tieni solo una delle due.",
            )
        else:
            # Both forms are validated, so that every error shows at once.
            person_ok = not new_person.wanted or new_person.is_valid()
            if form.is_valid() and person_ok:
                contact = _save_contact(user, form, new_person, chosen)
                if contact is not None:
                    request.session[SESSION_ACCESS_POINT] = str(contact.access_point.uuid)
                    messages.success(
                        request,
                        "Persona registrata e accesso registrato."
                        if new_person.wanted
                        else "Accesso registrato.",
                    )
                    if contact.person_id:
                        return redirect("registry:person_detail", uuid=contact.person.uuid)
                    return redirect("access:contact_create")
                # Read again through the registry's selector, outside the rolled-back
                # transaction, so that showing them is a logged read.
                offered = (_chosen_person(user, p.uuid) for p in new_person.offered)
                new_person.offered = [p for p in offered if p is not None]
                candidates += [p for p in new_person.offered if p not in candidates]
        if chosen is not None and chosen not in candidates:
            candidates.insert(0, chosen)
        selected = str(chosen.uuid) if chosen else ""
        anonymous = anonymous and chosen is None
        suggestions = _suggestions(user, chosen, request.POST)
    else:
        initial = {}
        access_point = _remembered_access_point(request)
        if access_point:
            initial["access_point"] = access_point
        selected, anonymous = "", False
        preset = request.GET.get("persona")
        if preset:
            try:
                person = person_get(user=user, uuid=preset)
            except (Person.DoesNotExist, ValidationError, ValueError):
                raise Http404 from None
            candidates, selected = [person], str(person.uuid)
        form = ContactForm(initial=initial, user=user)
        suggestions = _suggestions(user, candidates[0] if candidates else None, request.GET)
    return render(
        request,
        "access/contact_form.html",
        {
            "form": form,
            "candidates": candidates,
            "selected": selected,
            "anonymous": anonymous,
            "searched": searched,
            "orientation_url": _orientation_url(),
            "suggestions": suggestions,
            "new_person": new_person,
            "breadcrumbs": _breadcrumbs(("Registra un accesso", None)),
        },
    )


def _suggestions(user, person: Person | None, data) -> dict:
    """The orientation helper for the fast form: the published services the person (or an
    anonymous citizen of the chosen municipality) is likely eligible for, given the need areas
    ticked. Empty until the operator has chosen a person, a municipality or a need area. For
    a new person being registered inline, their residence stands in for the contact's."""
    area_ids = [value for value in data.getlist("need_areas") if value.isdigit()]
    areas = list(NeedArea.objects.filter(pk__in=area_ids))
    municipality_id = data.get("municipality") or data.get("nuova-residence_municipality") or ""
    municipality = (
        selectors.zone_municipalities(working_zone(user).pk).filter(pk=municipality_id).first()
        if municipality_id.isdigit()
        else None
    )
    if person is None and municipality is None and not areas:
        return {"asked": False}
    if person is not None:  # read through person_get by the caller: the read is logged
        eligible, excluded = eligibility.services_for_person(
            user=user, person=person, need_areas=areas
        )
    else:
        eligible, excluded = eligibility.services_for(
            zone=working_zone(user), municipality=municipality, need_areas=areas
        )
    return {
        "asked": True,
        "for_person": person is not None,
        "eligible": eligible,
        "excluded": excluded,
    }


@login_required
@permission_required("access.add_contact", raise_exception=True)
@require_POST
def orientation_suggestions(request):
    """htmx: the suggestions panel of the fast form, for the person and needs chosen so far."""
    person = _chosen_person(request.user, request.POST.get("person"))
    context = _suggestions(request.user, person, request.POST)
    # A short summary for the polite live region, swapped out of band: the panel itself is
    # not live, or every service would be read aloud at each change.
    context["announce"] = True
    return render(request, "access/_suggestions.html", context)


class _PersonRefused(Exception):
    """The new person could not be registered; the reasons are on the inline form."""


def _register_person(user, new_person: InlinePersonForm) -> Person:
    try:
        return registry_services.person_create(
            actor=user,
            data=new_person.person_data(),
            confirmed=new_person.cleaned_data.get("confirmed", False),
        )
    except registry_services.DuplicatePerson as exc:
        if exc.existing is not None:  # offered among the choices, to pick instead
            new_person.add_error(
                "fiscal_code",
                "Questa persona è già registrata: sceglila nell'elenco qui sopra invece di "
                "registrarla di nuovo.",
            )
            new_person.offered.append(exc.existing)
        else:
            new_person.add_error("fiscal_code", exc.messages[0])
    except registry_services.PersonNeedsConfirmation as exc:
        new_person.warnings = exc.warnings
        new_person.offered += exc.homonyms  # the view keeps those the user may see
        new_person.show_confirmation()
    except ValidationError as exc:
        add_service_errors(new_person, exc)
    raise _PersonRefused


def _save_contact(user, form, new_person: InlinePersonForm, chosen: Person | None):
    """The contact, and the new person when one was filled in, saved together or not at all.
    Returns None with the errors on the forms."""
    try:
        with transaction.atomic():
            person = _register_person(user, new_person) if new_person.wanted else chosen
            return services.contact_record(actor=user, data={**form.cleaned_data, "person": person})
    except _PersonRefused:
        return None
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _orientation_url() -> str | None:
    """The charter's orientation helper, when the catalog provides it."""
    try:
        return reverse("catalog:orientation")
    except NoReverseMatch:
        return None


def _with_referral(post):
    data = post.copy()  # item assignment replaces a QueryDict's values (update() appends)
    data["referral_kind"] = ReferralKind.SERVICE
    data["referral_service"] = post["refer_service"]
    data["outcome"] = Outcome.REFERRAL
    return data


def _with_searched(post, q: str):
    data = post.copy()
    data["searched_q"] = q
    return data


@login_required
@permission_required("access.add_contact", raise_exception=True)
@require_POST
def person_choices(request):
    """htmx: the persons matching what was typed, as radios for the fast form."""
    form = PersonSearchForm(request.POST)
    q = form.data.get("q", "").strip()[:100]
    chosen = _chosen_person(request.user, request.POST.get("person"))
    candidates, exact = _search(request.user, q)
    if exact is not None:
        chosen = exact
    if chosen is not None and chosen not in candidates:
        candidates.insert(0, chosen)
    return render(
        request,
        "access/_person_choices.html",
        {
            "candidates": candidates,
            "selected": str(chosen.uuid) if chosen else "",
            # A new search clears "Anonimo": the operator says again who it is.
            "anonymous": False,
            "searched": bool(q),
            "searched_q": q,
        },
    )


def _day(request):
    form = DayForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["giorno"]:
        return form, form.cleaned_data["giorno"]
    return DayForm(initial={"giorno": timezone.localdate()}), timezone.localdate()


@login_required
@permission_required("access.view_contact", raise_exception=True)
def access_point_day(request, uuid):
    try:
        access_point = selectors.access_point_get(user=request.user, uuid=uuid)
    except AccessPoint.DoesNotExist as exc:
        raise Http404 from exc
    form, day = _day(request)
    contacts = selectors.contact_list_for_access_point(
        user=request.user, access_point=access_point, day=day
    )
    _mark_amendable(request.user, contacts)
    in_force = [c for c in contacts if not c.is_cancelled]
    return render(
        request,
        "access/access_point_day.html",
        {
            "access_point": access_point,
            "contacts": contacts,
            "in_force_count": len(in_force),
            "cancelled_count": len(contacts) - len(in_force),
            "day": day,
            "form": form,
            "total_minutes": sum(c.minutes_spent or 0 for c in in_force),
            "breadcrumbs": _breadcrumbs((access_point.name, None)),
        },
    )


@login_required
@permission_required("access.view_contact", raise_exception=True)
def callback_list(request):
    contacts = selectors.callback_queue(user=request.user)
    return render(
        request,
        "access/callback_queue.html",
        {
            "items": [
                (contact, CallbackCompleteForm(prefix=str(contact.uuid))) for contact in contacts
            ],
            "breadcrumbs": _breadcrumbs(("Da richiamare", None)),
        },
    )


@login_required
@permission_required("access.change_contact", raise_exception=True)
@require_POST
def callback_complete(request, uuid):
    try:
        contact = selectors.callback_get(user=request.user, uuid=uuid)
    except (Contact.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    form = CallbackCompleteForm(request.POST, prefix=str(contact.uuid))
    if form.is_valid():
        try:
            services.callback_complete(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Richiesta segnata come richiamata.")
    else:
        messages.error(request, "Scegli l'esito della telefonata.")
    return redirect("access:callback_queue")


# --- correcting and cancelling a contact (its author, the same day) ------------------------------


def _mark_amendable(user, contacts) -> None:
    """Each contact says whether this user may correct or cancel it (the rule, per contact)."""
    for contact in contacts:
        contact.may_amend = allowed(user, "access.amend_contact", contact)


def _amendable(request, uuid) -> Contact:
    try:
        contact = selectors.contact_get(user=request.user, uuid=uuid)
    except Contact.DoesNotExist as exc:
        raise Http404 from exc
    require(request.user, "access.amend_contact", contact, message=services.AMEND_REFUSED)
    return contact


def _day_list(contact: Contact) -> str:
    url = reverse("access:access_point_day", args=[contact.access_point.uuid])
    return f"{url}?giorno={timezone.localtime(contact.started_at):%Y-%m-%d}"


@login_required
@permission_required("access.add_contact", raise_exception=True)
def contact_correct(request, uuid):
    contact = _amendable(request, uuid)
    form = ContactCorrectForm(request.POST or None, user=request.user, contact=contact)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        # The page shows minutes: an untouched time keeps its seconds (not a correction).
        shown = timezone.localtime(contact.started_at).replace(second=0, microsecond=0)
        if data["started_at"] == shown:
            data["started_at"] = contact.started_at
        try:
            services.contact_correct(
                actor=request.user,
                contact=contact,
                data=data,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Accesso corretto.")
            return redirect(_day_list(contact))
    return render(
        request,
        "access/contact_correct.html",
        {
            "contact": contact,
            "form": form,
            "back_url": _day_list(contact),
            "breadcrumbs": _breadcrumbs(
                (contact.access_point.name, _day_list(contact)), ("Correggi l'accesso", None)
            ),
        },
    )


@login_required
@permission_required("access.add_contact", raise_exception=True)
def contact_cancel(request, uuid):
    contact = _amendable(request, uuid)
    form = ContactCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_cancel(
                actor=request.user, contact=contact, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Accesso annullato: resta nell'elenco, segnato come tale.")
            return redirect(_day_list(contact))
    return render(
        request,
        "access/contact_cancel.html",
        {
            "contact": contact,
            "form": form,
            "back_url": _day_list(contact),
            "breadcrumbs": _breadcrumbs(
                (contact.access_point.name, _day_list(contact)), ("Annulla l'accesso", None)
            ),
        },
    )
