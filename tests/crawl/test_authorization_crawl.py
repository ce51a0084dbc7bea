"""The authorization crawl (issue 14): every page route and API operation, generated from the
URL resolver and the OpenAPI document, as every demo role and anonymous, with an object the
user may see and objects they may not (another zone; the same zone out of their scope).

Asserted, for every request: never a server error. For a forbidden object: a refusal (403,
404, the login page) or a page that shows none of the object's identifying strings; a write
writes nothing (no EventLog row, the object, its row count and its children unchanged). For
every page that shows a person's name or codice fiscale: an AccessLog row for that read.
Anonymous users reach only the public pages. Violations are collected and reported together.
"""

from __future__ import annotations

import time
import uuid as uuidlib

import pytest

from .crawler import Crawler
from .objects import (
    API_TARGETS,
    CONSTANT_PARAMS,
    PAGE_TARGETS,
    Sample,
    in_zone,
    samples_for,
    target_for,
    uuid_models,
)
from .routes import api_operations, page_routes
from .world import ANONYMOUS, build_world

pytestmark = pytest.mark.django_db

# The operations probes answer without login (ambito.ops: no personal data; /metrics only to
# allowed addresses), so they are judged as public pages: nothing personal may show.
PUBLIC_PREFIXES = ("carta/", "account/login/", "healthz", "readyz", "metrics")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@pytest.fixture
def world(demo, fast_pdf, quiet_request_log):
    built = build_world()
    built.build_seconds = demo.get("build_seconds")
    return built


# --- choosing the objects of a route ----------------------------------------------------------
def constant_values(params) -> dict:
    return {name: CONSTANT_PARAMS[name]() for name in params if name in CONSTANT_PARAMS}


def model_of(target):
    from django.apps import apps

    return apps.get_model(target.model)


def objects_for(model, role, world) -> list[Sample]:
    if role.user is None:  # anonymous: one object is enough, a visible one of the home zone
        obj = in_zone(model, world.home_zone.pk).order_by("pk").first()
        return [Sample("visible", obj)] if obj is not None else []
    return samples_for(model, role.user, world.home_zone.pk)


def public_samples(target, world) -> list[Sample]:
    """Public pages: every zone's charter is public; a draft service is not; the
    transparency page of a pact's line is public, an objective of another plan is not."""
    if target.model == "planning.PlanObjective":
        from ambito.planning.models import PlanObjective

        lines = PlanObjective.objects.filter(plan__zone=world.home_zone).order_by("pk")
        pact_line = lines.filter(plan__kind="pact").first()
        other = lines.exclude(plan__kind="pact").first()
        return [Sample("visible", pact_line)] * bool(pact_line) + [
            Sample("not a pact's line", other)
        ] * bool(other)
    if target.model != "catalog.Service":
        return [Sample("visible", world.home_zone)]
    from ambito.catalog.models import Service

    services = Service.objects.filter(zone=world.home_zone)
    out = []
    published = services.filter(status="published").order_by("pk").first()
    draft = services.filter(status="draft").order_by("pk").first()
    if published:
        out.append(Sample("visible", published))
    if draft:
        out.append(Sample("draft (unpublished)", draft))
    return out


def guess_target(route, world, crawler):
    """The fallback for a route the table does not know: the first model with a uuid whose
    object of the zone opens the page for the zone administrator (superuser-free)."""
    from .objects import Target, _by_uuid

    admin = next(r for r in world.roles if r.name == "admin.zona")
    for model in uuid_models():
        try:
            obj = in_zone(model, world.home_zone.pk).first()
        except LookupError:
            continue
        if obj is None:
            continue
        url = route.url({**constant_values(dict(route.params)), "uuid": obj.uuid})
        if admin.client.get(url).status_code == 200:
            crawler.notes["routes resolved by the fallback"].add(f"{route.label} -> {model}")
            return Target("", model._meta.label, _by_uuid)
    crawler.notes["routes with no object found (crawled with a random uuid)"].add(route.label)
    return None


# --- pages ----------------------------------------------------------------------------------
def is_public(template: str) -> bool:
    return template.startswith(PUBLIC_PREFIXES)


def crawl_page_route(route, world, crawler) -> None:
    public = is_public(route.template)
    names = [name for name, _ in route.params]
    object_params = [n for n in names if n not in CONSTANT_PARAMS]
    if not object_params:
        url = route.url(constant_values(names))
        for role in world.roles:
            crawler.read(
                role.client, role.user, role.name, route.label, url, None, api=False, public=public
            )
        anonymous = world.roles[-1]
        crawler.write(
            anonymous.client,
            None,
            ANONYMOUS,
            route.label,
            "POST",
            url,
            None,
            api=False,
            public=public,
        )
        return
    target = target_for(route.template, PAGE_TARGETS) or guess_target(route, world, crawler)
    for role in world.roles:
        if target is None:
            values = {n: uuidlib.uuid4() for n in object_params}
            samples = [(None, {**values, **constant_values(names)})]
        else:
            chosen = (
                public_samples(target, world)
                if public
                else objects_for(model_of(target), role, world)
            )
            samples = [(s, {**target.fill(s.obj), **constant_values(names)}) for s in chosen]
        for sample, values in samples:
            url = route.url(values)
            crawler.read(
                role.client,
                role.user,
                role.name,
                route.label,
                url,
                sample,
                api=False,
                public=public,
            )
            if role.user is None or (sample is not None and sample.forbidden):
                crawler.write(
                    role.client,
                    role.user,
                    role.name,
                    route.label,
                    "POST",
                    url,
                    sample,
                    api=False,
                    public=public,
                )


def test_no_role_sees_or_changes_what_it_must_not_through_the_pages(world, capsys):
    routes, skipped = page_routes()
    crawler = Crawler(world.index)
    for route in routes:
        crawl_page_route(route, world, crawler)
    report(capsys, "pages", crawler, world, len(routes), skipped)
    assert not crawler.violations, violations_text(crawler)


# --- the API --------------------------------------------------------------------------------
def crawl_operation(op, world, crawler) -> None:
    object_params = [n for n in op.params if n not in CONSTANT_PARAMS]
    zone_query = "zone" in op.query
    target = target_for(op.template, API_TARGETS) if object_params else None
    if object_params and target is None:
        crawler.notes["API operations with no object (crawled with a random uuid)"].add(op.label)
    for role in world.roles:
        if target is not None:
            chosen = objects_for(model_of(target), role, world)
            samples = [(s, {**target.fill(s.obj), **constant_values(op.params)}) for s in chosen]
        elif zone_query:
            from ambito.territory.models import Zone

            chosen = objects_for(Zone, role, world)
            samples = [(s, constant_values(op.params)) for s in chosen]
        else:
            values = {n: uuidlib.uuid4() for n in object_params}
            samples = [(None, {**values, **constant_values(op.params)})]
        for sample, values in samples:
            url = op.url(values)
            if zone_query and sample is not None:
                zone = sample.obj if sample.obj._meta.label == "territory.Zone" else None
                code = zone.code if zone else world.home_zone.code
                url += f"?zone={code}"
            if op.method == "GET":
                crawler.read(role.client, role.user, role.name, op.label, url, sample, api=True)
            elif role.user is None or sample is None or sample.forbidden:
                crawler.write(
                    role.client, role.user, role.name, op.label, op.method, url, sample, api=True
                )


def test_no_role_sees_or_changes_what_it_must_not_through_the_api(world, capsys):
    operations, skipped = api_operations()
    crawler = Crawler(world.index)
    for op in operations:
        crawl_operation(op, world, crawler)
    report(capsys, "API", crawler, world, len(operations), skipped)
    assert not crawler.violations, violations_text(crawler)


# --- the admin site: a few explicit checks ----------------------------------------------------
def test_the_admin_site_is_closed_to_anonymous_and_to_users_without_staff_status(world):
    anonymous = world.roles[-1]
    assert anonymous.client.get("/admin/").status_code == 302
    problems = []
    for role in world.roles[:-1]:
        status = role.client.get("/admin/registry/person/").status_code
        if status >= 500 or (status == 200 and not role.user.is_staff):
            problems.append(f"{role.name}: /admin/registry/person/ -> {status}")
    assert not problems, problems


# --- the report -----------------------------------------------------------------------------
def violations_text(crawler) -> str:
    by_route: dict[str, list] = {}
    for v in crawler.violations:
        by_route.setdefault(v.route, []).append(v)
    lines = [f"{len(crawler.violations)} authorization violations on {len(by_route)} routes:"]
    for route in sorted(by_route):
        lines.append(f"\n{route}")
        lines += [f"  {v.line()}" for v in by_route[route]]
    return "\n".join(lines)


def report(capsys, surface, crawler, world, routes, skipped) -> None:
    t = crawler.tally
    seconds = time.monotonic() - t.started
    objects = sum(1 for cell in t.cells if cell[3] != "-")
    with capsys.disabled():
        print(f"\n=== authorization crawl: {surface} ===")
        print(f"demo built in {world.build_seconds}s; added for the crawl: {world.added}")
        for what, why in skipped:
            print(f"skipped {what}: {why}")
        print(
            f"{routes} routes x {len(t.roles)} roles; {len(t.cells)} cells "
            f"(route x method x role x object kind, {objects} with an object); "
            f"{t.requests} requests ({dict(t.by_method)}) in {seconds:.1f}s"
        )
        print(f"statuses: {dict(sorted(t.statuses.items(), key=str))}")
        for note, items in crawler.notes.items():
            print(f"note: {note} ({len(items)}):")
            for item in sorted(items)[:40]:
                print(f"    {item}")
        print(violations_text(crawler) if crawler.violations else "no violations")
