"""Which object a route's parameters refer to, which objects a user may see, and the strings
that identify an object (or any person) in a response body."""

from __future__ import annotations

import html
import re
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Model
from django.utils import timezone

# --- the mapping table: (URL prefix pattern, parameter) -> model -----------------------------
# A route's *target* is its first object parameter; the others are derived from the target.
# Matched in order on the route template (pages) or the API path without /api/v1/.


@dataclass(frozen=True)
class Target:
    pattern: str  # regex on the template
    model: str  # app_label.Model
    fill: Callable[[Model], dict]  # target -> every path parameter


def _case_version(case) -> dict:
    project = case.projects.order_by("-version").first()
    return {"uuid": case.uuid, "version": project.version if project else 1}


def _case_document(case) -> dict:
    document = case.documents.first()
    return {"uuid": case.uuid, "document": document.uuid if document else uuidlib.uuid4()}


def _household_member(household) -> dict:
    member = household.memberships.select_related("person").first()
    person = member.person.uuid if member else uuidlib.uuid4()
    return {"uuid": household.uuid, "household_uuid": household.uuid, "person_uuid": person}


def _charter_service(service) -> dict:
    return {"zone_code": service.zone.code, "slug": service.slug}


def _action_quarter(action) -> dict:
    year, quarter = (action.plan.quarters() or [(2019, 1)])[0]
    return {"uuid": action.uuid, "year": year, "quarter": quarter}


def _by_uuid(obj) -> dict:
    return {"uuid": obj.uuid}


def _line(line) -> dict:
    return {"zone_code": line.plan.zone.code, "uuid": line.uuid}


# The network's pages and API (§8): the URL prefix of each object's routes and its model.
NETWORK_PAGES = (
    ("patti", "planning.Plan"),
    ("adesioni", "network.Adhesion"),
    ("linee", "planning.PlanObjective"),
    ("candidature", "network.Candidature"),
    ("enti", "territory.Organisation"),
    ("gruppi", "network.WorkingGroup"),
    ("incontri", "network.GroupMeeting"),
    ("programmi", "network.OperatingProgramme"),
    ("impegni", "network.CommitmentRecord"),
    ("convenzioni", "network.Agreement"),
    ("questionari", "network.Questionnaire"),
    ("rilevazioni", "network.QuestionnaireRound"),
    ("servizi-di-area", "network.AreaService"),
    ("documenti", "network.SharedDocument"),
    ("versioni", "network.DocumentVersion"),
)
NETWORK_API = (
    ("pacts", "planning.Plan"),
    ("adhesions", "network.Adhesion"),
    ("candidatures", "network.Candidature"),
    ("organisations", "territory.Organisation"),
    ("groups", "network.WorkingGroup"),
    ("group-meetings", "network.GroupMeeting"),
    ("commitments", "network.CommitmentRecord"),
    ("lines", "planning.PlanObjective"),
    ("agreements", "network.Agreement"),
    ("questionnaires", "network.Questionnaire"),
    ("rounds", "network.QuestionnaireRound"),
    ("area-services", "network.AreaService"),
    ("documents", "network.SharedDocument"),
    ("document-versions", "network.DocumentVersion"),
)

# Providers and vouchers (§7), under /erogatori/ and /api/v1/erogatori/: the same prefix on
# both sides (the longer prefixes first: "titoli/misure" before "titoli").
PROVIDERS_ROUTES = (
    ("enti", "providers.Provider"),
    ("accreditamento/sistemi", "providers.AccreditationScheme"),
    ("accreditamento/domande", "providers.AccreditationApplication"),
    ("titoli/misure", "providers.VoucherScheme"),
    ("portale/titoli", "providers.Voucher"),
    ("titoli", "providers.Voucher"),
    ("prestazioni", "providers.Delivery"),
    ("pagamenti", "providers.Payment"),
)


# The registers and district services (issue 19): each app keeps its table in routes_<app>.py,
# entries (prefix, model) or (prefix, model, parameter) when the object's uuid is not `uuid`.
REGISTER_APPS = (
    ("rsa", "rsa"),
    ("affido", "fostering"),
    ("assistenti-familiari", "assistants"),
    ("tutela-minori", "protection"),
    ("servizi-distrettuali", "district"),
)


def _uuid_as(parameter: str):
    return lambda obj: {parameter: obj.uuid}


def _register_targets(kind: str) -> list[Target]:
    from importlib import import_module

    targets = []
    for url_prefix, app in REGISTER_APPS:
        table = getattr(import_module(f"tests.crawl.routes_{app}"), kind)
        for prefix, model, *parameter in table:
            name = parameter[0] if parameter else "uuid"
            pattern = (
                rf"^{url_prefix}/{prefix}/<uuid:{name}>/"
                if kind == "PAGES"
                else rf"^{url_prefix}/{prefix}/\{{{name}\}}"
            )
            targets.append(Target(pattern, model, _uuid_as(name)))
    return targets


def _evidence(application) -> dict:
    evidence = application.evidence.order_by("pk").first()
    return {"uuid": application.uuid, "requirement_id": evidence.requirement_id if evidence else 0}


PAGE_TARGETS = (
    Target(r"^accessi/punto/<uuid:uuid>/", "territory.AccessPoint", _by_uuid),
    Target(r"^accessi/da-richiamare/<uuid:uuid>/", "access.Contact", _by_uuid),
    Target(r"^accessi/<uuid:uuid>/", "access.Contact", _by_uuid),  # correct, cancel
    Target(r"^cartelle/attivita/<int:pk>/", "cases.Task", lambda t: {"pk": t.pk}),
    Target(r"^cartelle/equipe-multidisciplinari/<uuid:uuid>/", "cases.EemmTeam", _by_uuid),
    Target(r"^cartelle/<uuid:uuid>/progetto/<int:version>/", "cases.Case", _case_version),
    Target(r"^cartelle/<uuid:uuid>/documenti/<uuid:document>/", "cases.Case", _case_document),
    Target(r"^cartelle/<uuid:uuid>/", "cases.Case", _by_uuid),
    Target(r"^servizi/<uuid:uuid>/", "catalog.Service", _by_uuid),
    Target(
        r"^audit/persona/<uuid:person_uuid>/", "registry.Person", lambda p: {"person_uuid": p.uuid}
    ),
    Target(r"^emergenze/collocamenti/<uuid:uuid>/", "emergency.Placement", _by_uuid),
    Target(r"^emergenze/<uuid:uuid>/", "emergency.Emergency", _by_uuid),
    Target(r"^domande/<uuid:uuid>/", "measures.Application", _by_uuid),
    Target(r"^programmazione/piani/<uuid:uuid>/", "planning.Plan", _by_uuid),
    Target(r"^programmazione/azioni/<uuid:uuid>/", "planning.PlanAction", _by_uuid),
    Target(r"^programmazione/indicatori/<uuid:uuid>/", "planning.QuantitativeTarget", _by_uuid),
    Target(r"^programmazione/assemblea/<uuid:uuid>/", "planning.Meeting", _by_uuid),
    Target(r"^programmazione/deliberazioni/<uuid:uuid>/", "planning.Deliberation", _by_uuid),
    Target(r"^anagrafe/persone/<uuid:uuid>/", "registry.Person", _by_uuid),
    *(Target(rf"^rete/{prefix}/<uuid:uuid>/", model, _by_uuid) for prefix, model in NETWORK_PAGES),
    Target(
        r"^erogatori/accreditamento/domande/<uuid:uuid>/requisiti/",
        "providers.AccreditationApplication",
        _evidence,
    ),
    Target(
        r"^erogatori/titoli/nuovo/<uuid:case_uuid>/", "cases.Case", lambda c: {"case_uuid": c.uuid}
    ),
    *(
        Target(rf"^erogatori/{prefix}/<uuid:uuid>/", model, _by_uuid)
        for prefix, model in PROVIDERS_ROUTES
    ),
    *_register_targets("PAGES"),
    Target(r"^anagrafe/nuclei/<uuid:uuid>/componenti/", "registry.Household", _household_member),
    Target(r"^anagrafe/nuclei/<uuid:uuid>/", "registry.Household", _by_uuid),
    Target(r"^territorio/punti-di-accesso/<uuid:uuid>/", "territory.AccessPoint", _by_uuid),
    Target(r"^territorio/operatori/<uuid:uuid>/", "territory.Staff", _by_uuid),
    Target(r"^carta/<slug:zone_code>/servizi/<slug:slug>/", "catalog.Service", _charter_service),
    Target(r"^carta/<slug:zone_code>/patto/linee/<uuid:uuid>/", "planning.PlanObjective", _line),
    Target(r"^carta/<slug:zone_code>/", "territory.Zone", lambda z: {"zone_code": z.code}),
)

API_TARGETS = (
    Target(r"^zones/\{uuid\}", "territory.Zone", _by_uuid),
    Target(r"^access-points/\{uuid\}", "territory.AccessPoint", _by_uuid),
    Target(r"^staff/\{uuid\}", "territory.Staff", _by_uuid),
    Target(r"^persons/\{person_uuid\}", "registry.Person", lambda p: {"person_uuid": p.uuid}),
    Target(r"^households/\{household_uuid\}", "registry.Household", _household_member),
    Target(r"^(charter/)?services/\{uuid\}", "catalog.Service", _by_uuid),
    Target(r"^cases/\{uuid\}", "cases.Case", _by_uuid),
    Target(r"^emergency/placements/\{uuid\}", "emergency.Placement", _by_uuid),
    Target(r"^planning/plans/\{uuid\}", "planning.Plan", _by_uuid),
    Target(r"^planning/actions/\{uuid\}", "planning.PlanAction", _action_quarter),
    *(Target(rf"^rete/{prefix}/\{{uuid\}}", model, _by_uuid) for prefix, model in NETWORK_API),
    *(
        Target(rf"^erogatori/{prefix}/\{{uuid\}}", model, _by_uuid)
        for prefix, model in PROVIDERS_ROUTES
    ),
    *_register_targets("API"),
)

# Parameters that name no object: a fixed value, the same for every user.
CONSTANT_PARAMS = {
    "name": lambda: _first_report(),
    "code": lambda: _first_indicator(),
    "fmt": lambda: "csv",  # a questionnaire round's export
}


def _first_report() -> str:
    from ambito.monitoring.reports import REPORTS

    return next(iter(REPORTS))


def _first_indicator() -> str:
    from ambito.monitoring.indicators import INDICATORS

    return next(iter(INDICATORS))


def target_for(template: str, targets=PAGE_TARGETS) -> Target | None:
    return next((t for t in targets if re.search(t.pattern, template)), None)


# --- where an object's zone is ---------------------------------------------------------------
def zone_lookup(model) -> str:
    """The ORM path from `model` to its zone ("zone", "case__zone", "objective__plan__zone")."""
    if model._meta.label == "territory.Zone":
        return "pk"
    frontier = [(model, "")]
    for _ in range(4):
        following = []
        for current, path in frontier:
            names = {f.name for f in current._meta.concrete_fields}
            if "zone" in names:
                return f"{path}zone_id" if path else "zone_id"
            for field in current._meta.concrete_fields:
                if field.many_to_one and field.related_model is not None:
                    following.append((field.related_model, f"{path}{field.name}__"))
        frontier = following
    raise LookupError(f"no zone for {model._meta.label}")


def in_zone(model, zone_id):
    return model._default_manager.filter(**{zone_lookup(model): zone_id})


# --- what a user may see: the app's own scoping, else the zone --------------------------------
def visible(model, user):
    from ambito.cases.models import Case
    from ambito.emergency.models import Emergency
    from ambito.registry.models import Household, Person

    label = model._meta.label
    zone_id = getattr(user, "zone_id", None)
    if zone_id is None:
        return model._default_manager.none()
    if hasattr(model._default_manager, "visible_to") and label != "measures.Application":
        return model._default_manager.visible_to(user)
    if label == "registry.Person":
        return Person.objects.visible_to(user)
    if label == "registry.Household":
        return Household.objects.visible_to(user)
    if label == "cases.Case":
        return Case.objects.visible_to(user)
    if label in ("cases.Task", "cases.Project", "cases.CaseDocument"):
        return model.objects.filter(case__in=Case.objects.visible_to(user))
    if label == "emergency.Emergency":
        return Emergency.objects.visible_to(user)
    if label == "emergency.Placement":
        return model.objects.filter(emergency__in=Emergency.objects.visible_to(user))
    if label == "measures.Application":
        # The follow-up list's scope (measures.selectors.follow_up_queryset).
        qs = model.objects.filter(zone_id=zone_id)
        if not user.has_perm("registry.view_zone_persons"):
            qs = qs.filter(municipality__in=user.municipalities.values("pk"))
        return qs
    return in_zone(model, zone_id)


# Which objects to prefer as samples (the ones a write could actually change).
PREFERENCE = {
    "measures.Application": lambda qs: qs.filter(
        status__in=["lapsed", "suspended", "rejected"], follow_up_done_at__isnull=True
    ),
    "catalog.Service": lambda qs: qs.filter(status="published"),
    "access.Contact": lambda qs: qs.filter(status="to_call_back"),
    "cases.Case": lambda qs: qs.exclude(status="closed"),
    "registry.Household": lambda qs: qs.filter(memberships__isnull=False).distinct(),
}


def sample(qs, exclude_pks=()):
    qs = qs.exclude(pk__in=list(exclude_pks))
    prefer = PREFERENCE.get(qs.model._meta.label)
    if prefer is not None:
        chosen = prefer(qs).order_by("pk").first()
        if chosen is not None:
            return chosen
    return qs.order_by("pk").first()


@dataclass(frozen=True)
class Sample:
    kind: str  # "visible", "other zone", "same zone, out of scope"
    obj: Model

    @property
    def forbidden(self) -> bool:
        return self.kind != "visible"


def samples_for(model, user, home_zone_id) -> list[Sample]:
    """One object the user may see and one or two they may not."""
    zone_id = getattr(user, "zone_id", None)
    out = []
    seen = visible(model, user)
    mine = sample(seen)
    if mine is not None:
        out.append(Sample("visible", mine))
    other_zone = sample(
        model._default_manager.exclude(**{zone_lookup(model): zone_id or -1})
        if zone_id
        else in_zone(model, home_zone_id)
    )
    if other_zone is not None:
        out.append(Sample("other zone", other_zone))
    if zone_id is not None:
        hidden = in_zone(model, zone_id).exclude(pk__in=seen.values("pk"))
        # Prefer another municipality of the zone (or a case of another team).
        out_of_scope = sample(hidden)
        if out_of_scope is not None:
            out.append(Sample("same zone, out of scope", out_of_scope))
    return out


# --- identifying strings -----------------------------------------------------------------------
WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return WORD.findall(html.unescape(text).lower())


def ngrams(text: str, sizes=(1, 2, 3, 4, 5)) -> set[tuple[str, ...]]:
    tokens = words(text)
    return {tuple(tokens[i : i + n]) for n in sizes for i in range(len(tokens) - n + 1)}


def name_keys(first: str, last: str) -> set[tuple[str, ...]]:
    if not first or not last:
        return set()
    return {tuple(words(f"{first} {last}")), tuple(words(f"{last} {first}"))}


def code_key(code: str) -> set[tuple[str, ...]]:
    return {(code.lower(),)} if code else set()


def person_keys(person) -> set[tuple[str, ...]]:
    return name_keys(person.first_name, person.last_name) | code_key(person.fiscal_code)


def identifying_keys(obj) -> set[tuple[str, ...]]:
    """The strings that would show *this* object: its persons' names and codes; for objects
    about no person, their name or title."""
    label = obj._meta.label
    persons = []
    if label == "registry.Person":
        persons = [obj]
    elif label == "registry.Household":
        persons = [m.person for m in obj.memberships.select_related("person")]
    elif label == "cases.Case":
        persons = [obj.person]
        if obj.household_id:
            persons += [m.person for m in obj.household.memberships.select_related("person")]
    elif label in ("cases.Task", "cases.Project", "cases.CaseDocument"):
        return identifying_keys(obj.case)
    elif label == "measures.Application":
        return person_keys(obj.applicant) | {tuple(words(obj.protocol))}
    elif label == "access.Contact":
        persons = [obj.person] if obj.person_id else []
    elif label == "emergency.Emergency":
        keys = set()
        for p in obj.persons.all():
            keys |= name_keys(p.first_name, p.last_name) | code_key(p.fiscal_code)
        return keys
    elif label == "emergency.Placement":
        return identifying_keys(obj.emergency)
    elif label == "territory.Staff":
        return name_keys(obj.first_name, obj.last_name)
    if persons:
        keys = set()
        for p in persons:
            keys |= person_keys(p)
        return keys
    for attribute in ("name", "title", "subject"):
        value = getattr(obj, attribute, "")
        if isinstance(value, str) and len(value) >= 8:
            return {tuple(words(value))}
    return set()


def object_summary(obj) -> str:
    return f"{obj._meta.label} pk={obj.pk}"


class PersonIndex:
    """The identifying strings of every person of the demo (registry and emergency reports),
    less those that are also an operator's name."""

    def __init__(self):
        from ambito.core.models import User
        from ambito.emergency.models import EmergencyPerson
        from ambito.registry.models import Person
        from ambito.territory.models import Staff

        operators = set()
        for first, last in [
            *User.objects.values_list("first_name", "last_name"),
            *Staff.objects.values_list("first_name", "last_name"),
        ]:
            operators |= name_keys(first, last)
        self.keys: dict[tuple[str, ...], str] = {}
        for p in Person.objects.all():
            for key in person_keys(p):
                self.keys.setdefault(key, f"person {p.pk}")
        for p in EmergencyPerson.objects.all():
            for key in name_keys(p.first_name, p.last_name) | code_key(p.fiscal_code):
                self.keys.setdefault(key, f"emergency person {p.pk}")
        for key in operators:
            if len(key) > 1:
                self.keys.pop(key, None)

    def found(self, grams: set[tuple[str, ...]]) -> list[str]:
        return sorted(" ".join(k) for k in grams & self.keys.keys())


# --- the objects the demo lacks at this size, added for the crawl -----------------------------
def add_missing_objects(home_zone, other_zone) -> list[str]:
    """Objects of kinds the small demo does not have (a case, task, project and application of
    another zone, EEMM teams with a meeting, a target, a deliberation of another zone). Created
    in the test's transaction: rolled back with it. Returns what was added."""
    from ambito.cases.models import Case, EemmMeeting, EemmTeam, Project, Task
    from ambito.core.models import User
    from ambito.measures.models import Application, Measure
    from ambito.planning.models import Deliberation, Meeting, PlanObjective, QuantitativeTarget
    from ambito.registry.models import Person

    added = []
    now = timezone.now()
    recorder = User.objects.filter(zone=other_zone).first()
    person = Person.objects.filter(zone=other_zone).first()
    case = Case.objects.filter(zone=other_zone).first()
    if case is None and person is not None:
        case = Case.objects.create(
            number="CRAWL-1",
            zone=other_zone,
            municipality=person.residence_municipality,
            person=person,
            source="direct",
            opened_at=now,
            case_manager=recorder,
            created_by=recorder,
        )
        added.append(f"a case in {other_zone.code}")
    if case is not None and not Task.objects.filter(case__zone=other_zone).exists():
        Task.objects.create(
            case=case,
            title="Telefonare",
            due_on=date.today(),
            assignee=recorder,
            created_by=recorder,
        )
        added.append("a task on it")
    if case is not None and not Project.objects.filter(case__zone=other_zone).exists():
        Project.objects.create(case=case, version=1, summary="Progetto", created_by=recorder)
        added.append("a project on it")
    if person is not None and not Application.objects.filter(zone=other_zone).exists():
        Application.objects.create(
            zone=other_zone,
            measure=Measure.objects.first(),
            protocol="INPS-CRAWL-0001",
            applicant=person,
            municipality=person.residence_municipality,
            status="rejected",
            status_on=date.today() - timedelta(days=10),
        )
        added.append(f"an application in {other_zone.code}")
    home_recorder = User.objects.get(username="coordinatore")
    for zone, recorded_by in ((home_zone, home_recorder), (other_zone, recorder)):
        if EemmTeam.objects.filter(zone=zone).exists():
            continue
        team = EemmTeam.objects.create(zone=zone, name=f"Équipe {zone.name}")
        discussed = Case.objects.filter(zone=zone).first()
        meeting = EemmMeeting.objects.create(
            team=team,
            held_on=date.today(),
            minutes="Verbale",
            decisions="Decisioni",
            recorded_by=recorded_by,
        )
        if discussed is not None:
            meeting.cases.add(discussed)
        added.append(f"an EEMM team with a meeting in {zone.code}")
    for zone in (home_zone, other_zone):
        if QuantitativeTarget.objects.filter(objective__plan__zone=zone).exists():
            continue
        objective = PlanObjective.objects.filter(plan__zone=zone).first()
        if objective is not None:
            QuantitativeTarget.objects.create(
                objective=objective, indicator="Nuclei presi in carico", baseline=0, target=10
            )
            added.append(f"a quantitative target in {zone.code}")
    if not Deliberation.objects.filter(zone=other_zone).exists() and recorder is not None:
        meeting = Meeting.objects.create(zone=other_zone, held_on=date.today())
        Deliberation.objects.create(
            zone=other_zone,
            meeting=meeting,
            year=2025,
            number=1,
            date=date.today(),
            subject="Approvazione del piano di zona (crawl)",
            outcome="approved",
            recorded_by=recorder,
        )
        added.append(f"an assembly meeting and deliberation in {other_zone.code}")
    return added


def uuid_models():
    return [
        m
        for m in apps.get_models()
        if "uuid" in {f.name for f in m._meta.concrete_fields} and m._meta.managed
    ]
