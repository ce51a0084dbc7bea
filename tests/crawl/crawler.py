"""Sending one request as one user and judging the answer: the refusal rules, the audit of
reads, and that a refused write wrote nothing. Every request runs in a savepoint that is
rolled back, so the world stays as built whatever a request does."""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.forms.models import model_to_dict
from django.urls import reverse

from .objects import PersonIndex, Sample, identifying_keys, ngrams, object_summary

REFUSED = {400, 401, 403, 404, 405, 409, 422}

# The "minimal body" of a page POST: the free-text fields most forms require, nothing else, so
# that a view that forgets its scope check has a chance to write.
FORM_BODY = {
    "note": "Verifica del crawl",
    "reason": "Verifica del crawl",
    "text": "Verifica del crawl",
    "motivazione": "Verifica del crawl",
}


@dataclass
class Violation:
    route: str
    method: str
    role: str
    kind: str  # the object sample's kind, or "-"
    status: int | str
    what: str

    def line(self) -> str:
        return f"{self.method:6} {self.role:28} {self.kind:26} {self.status!s:5} {self.what}"


@dataclass
class Tally:
    requests: int = 0
    by_method: Counter = field(default_factory=Counter)
    routes: set = field(default_factory=set)
    roles: set = field(default_factory=set)
    cells: set = field(default_factory=set)  # (route, role, object kind)
    statuses: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)


class Crawler:
    def __init__(self, index: PersonIndex, *, login_url: str | None = None):
        self.index = index
        self.login_url = login_url or reverse("core:login")
        self.violations: list[Violation] = []
        self.tally = Tally()
        self.notes: dict[str, set] = defaultdict(set)
        self.not_allowed: set[tuple[str, str]] = set()  # (route, method) answered 405
        self.before: dict[tuple[str, object], dict] = {}  # the world is rolled back: cached

    def skip(self, route, method) -> bool:
        """A 405 to a logged-in user comes from the view's method decorator, whoever asks and
        whatever the object: the route is not asked that method again."""
        return (route, method) in self.not_allowed

    def learn(self, route, method, user, status) -> None:
        if user is not None and status == 405:
            self.not_allowed.add((route, method))

    # --- bookkeeping ----------------------------------------------------------------------
    def flag(self, route, method, role, kind, status, what) -> None:
        self.violations.append(Violation(route, method, role, kind, status, what))

    def count(self, route, method, role, kind, status) -> None:
        t = self.tally
        t.requests += 1
        t.by_method[method] += 1
        t.routes.add((route, method))
        t.roles.add(role)
        t.cells.add((route, method, role, kind))
        t.statuses[status] += 1

    # --- one request ------------------------------------------------------------------------
    def send(self, client, method: str, url: str, *, api: bool):
        kwargs = {}
        if method != "GET":
            if api:
                kwargs = {"data": json.dumps({}), "content_type": "application/json"}
            else:
                kwargs = {"data": FORM_BODY}
        if api:
            kwargs["HTTP_ACCEPT"] = "application/json"
        try:
            return getattr(client, method.lower())(url, **kwargs), None
        except Exception as exc:  # noqa: BLE001 - an unhandled exception is a 500
            return None, exc

    def body(self, response) -> str:
        if getattr(response, "streaming", False):
            raw = b"".join(response.streaming_content)
        else:
            raw = response.content
        return raw.decode("utf-8", errors="replace")

    def to_login(self, response) -> bool:
        return response.status_code == 302 and response["Location"].startswith(self.login_url)

    # --- a read -----------------------------------------------------------------------------
    def read(self, client, user, role, route, url, sample: Sample | None, *, api, public=False):
        from ambito.core.models import AccessLog

        kind = sample.kind if sample else "-"
        if self.skip(route, "GET"):
            return
        with transaction.atomic():
            before = AccessLog.objects.filter(user=user).count() if user else 0
            response, error = self.send(client, "GET", url, api=api)
            status = response.status_code if response is not None else "exc"
            self.count(route, "GET", role, kind, status)
            self.learn(route, "GET", user, status)
            if error is not None or status >= 500:
                self.flag(route, "GET", role, kind, status, f"server error: {error!r}"[:300])
                transaction.set_rollback(True)
                return
            grams = ngrams(self.body(response)) if status == 200 else set()
            if user is None:
                self.judge_anonymous(route, "GET", role, response, grams, api=api, public=public)
            else:
                if sample is not None and sample.forbidden:
                    self.judge_forbidden_read(route, role, sample, response, grams)
                shown = self.index.found(grams)
                if shown:
                    written = AccessLog.objects.filter(user=user).count() - before
                    if written <= 0:
                        self.flag(
                            route,
                            "GET",
                            role,
                            kind,
                            status,
                            f"personal data shown without an AccessLog row ({len(shown)} "
                            f"identifying strings, e.g. {shown[0]!r}) at {url}",
                        )
            transaction.set_rollback(True)

    def judge_anonymous(self, route, method, role, response, grams, *, api, public):
        status = response.status_code
        shown = self.index.found(grams)
        if shown:
            self.flag(route, method, role, "-", status, f"personal data to anonymous: {shown[:3]}")
        if public:
            return
        if api:
            if status not in (401, 403, 405):
                self.flag(route, method, role, "-", status, "API answered anonymous (want 401/403)")
        elif not self.to_login(response) and status not in (403, 405):
            where = response.get("Location", "")
            self.flag(route, method, role, "-", status, f"not sent to the login page {where}")

    def judge_forbidden_read(self, route, role, sample: Sample, response, grams):
        status = response.status_code
        if status in REFUSED or self.to_login(response):
            return
        if status in (301, 302, 303):
            self.notes["forbidden GET answered by a redirect (not to login)"].add(
                f"{route} as {role} ({sample.kind}) -> {response['Location']}"
            )
            return
        leaked = identifying_keys(sample.obj) & grams
        if leaked:
            self.flag(
                route,
                "GET",
                role,
                sample.kind,
                status,
                f"shows {object_summary(sample.obj)} it must not see: "
                f"{sorted(' '.join(k) for k in leaked)[:3]}",
            )
        else:
            self.notes["forbidden GET answered 200 without identifying strings"].add(
                f"{route} as {role} ({sample.kind})"
            )

    # --- a write ----------------------------------------------------------------------------
    def write(
        self, client, user, role, route, method, url, sample: Sample | None, *, api, public=False
    ):
        from ambito.core.models import EventLog

        kind = sample.kind if sample else "-"
        if self.skip(route, method):
            return
        with transaction.atomic():
            events = EventLog.objects.count()
            state = self.state_before(sample.obj) if sample else None
            response, error = self.send(client, method, url, api=api)
            status = response.status_code if response is not None else "exc"
            self.count(route, method, role, kind, status)
            self.learn(route, method, user, status)
            if error is not None or status >= 500:
                self.flag(route, method, role, kind, status, f"server error: {error!r}"[:300])
                transaction.set_rollback(True)
                return
            if user is None:
                self.judge_anonymous(route, method, role, response, set(), api=api, public=public)
                if public:
                    transaction.set_rollback(True)
                    return
            if user is not None and sample is None:
                # A route without an object, as a user: only "no server error" is asserted
                # (the user may be allowed to create something).
                transaction.set_rollback(True)
                return
            written = EventLog.objects.count() - events
            changed = [] if state is None else changes(sample.obj, state)
            if written or changed:
                what = "; ".join([f"{written} EventLog row(s) written"] * bool(written) + changed)
                self.flag(
                    route,
                    method,
                    role,
                    kind,
                    status,
                    f"write accepted on {object_summary(sample.obj) if sample else url}: {what}",
                )
            transaction.set_rollback(True)

    def state_before(self, obj) -> dict:
        key = (obj._meta.label, obj.pk)
        if key not in self.before:
            self.before[key] = snapshot(obj)
        return self.before[key]


# --- "nothing was written": the target row, its count and its direct children's counts ------
def snapshot(obj) -> dict:
    model = type(obj)
    fresh = model._default_manager.filter(pk=obj.pk).first()
    return {
        "row": model_to_dict(fresh) if fresh else None,
        "count": model._default_manager.count(),
        "children": children_counts(obj),
    }


def children_counts(obj) -> dict:
    counts = {}
    for relation in type(obj)._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            related = relation.related_model
            counts[related._meta.label] = related._default_manager.filter(
                **{relation.field.name: obj.pk}
            ).count()
    return counts


def changes(obj, before: dict) -> list[str]:
    after = snapshot(obj)
    found = []
    if after["row"] != before["row"]:
        if after["row"] is None:
            found.append("the object was deleted")
        else:
            fields = [k for k in after["row"] if after["row"][k] != (before["row"] or {}).get(k)]
            found.append(f"fields changed: {fields}")
    if after["count"] != before["count"]:
        found.append(f"{type(obj)._meta.label} rows {before['count']} -> {after['count']}")
    for label, n in after["children"].items():
        if n != before["children"].get(label):
            found.append(f"{label} rows {before['children'].get(label)} -> {n}")
    return found
