"""Every route of the application, generated: the page routes from Django's URL resolver and
the API operations from the OpenAPI document. Nothing here is hand-listed but the skips."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

# Prefixes that are not crawled, and why (printed with the matrix).
SKIPPED_PREFIXES = {
    "admin/": "Django admin site (covered by the explicit admin checks)",
    "api/v1/": "the API (crawled from its OpenAPI document instead)",
    "static/": "static files",
    "media/": "uploaded files",
    "__debug__/": "debug toolbar",
}

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    """A page route: its template ("cartelle/<uuid:uuid>/") and its parameters."""

    template: str
    name: str  # namespace:name
    params: tuple[tuple[str, str], ...] = field(default=())  # (name, converter)

    @property
    def label(self) -> str:
        return "/" + self.template

    def url(self, values: dict[str, object]) -> str:
        def fill(match: re.Match) -> str:
            return str(values[match["name"]])

        return "/" + PARAM.sub(fill, self.template)


@dataclass(frozen=True)
class Operation:
    """An API operation of the OpenAPI document."""

    method: str
    path: str  # "/api/v1/cases/{uuid}"
    params: tuple[str, ...]
    query: tuple[str, ...] = ()  # required query parameters

    @property
    def label(self) -> str:
        return self.path

    @property
    def template(self) -> str:
        return self.path.removeprefix("/api/v1/")

    def url(self, values: dict[str, object]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), self.path)


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, text, full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
            yield text, name


def page_routes() -> tuple[list[Route], list[tuple[str, str]]]:
    """(routes to crawl, [(route, why skipped)])."""
    routes, skipped = [], []
    for template, name in _walk(get_resolver().url_patterns):
        reason = next((why for p, why in SKIPPED_PREFIXES.items() if template.startswith(p)), None)
        if reason is not None or template.startswith("^"):
            skipped.append((template, reason or "regex route"))
            continue
        params = tuple((m["name"], m["converter"] or "str") for m in PARAM.finditer(template))
        routes.append(Route(template=template, name=name, params=params))
    return routes, _summarise(skipped)


def _summarise(skipped: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One line per skipped prefix (the admin has hundreds of routes)."""
    seen: dict[str, tuple[str, int]] = {}
    for template, why in skipped:
        prefix = next((p for p in SKIPPED_PREFIXES if template.startswith(p)), template)
        reason, count = seen.get(prefix, (why, 0))
        seen[prefix] = (reason, count + 1)
    return [(f"/{prefix}… ({count} routes)", why) for prefix, (why, count) in seen.items()]


def api_operations() -> tuple[list[Operation], list[tuple[str, str]]]:
    from ambito.api import api

    schema = api.get_openapi_schema()
    operations = []
    for path, item in schema["paths"].items():
        for method, spec in item.items():
            if method.lower() not in {"get", "post", "put", "patch", "delete"}:
                continue
            params = tuple(p["name"] for p in spec.get("parameters", []) if p["in"] == "path")
            query = tuple(
                p["name"]
                for p in spec.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            )
            operations.append(
                Operation(method=method.upper(), path=path, params=params, query=query)
            )
    skipped = [
        ("/api/v1/docs", "the Swagger UI page (no data)"),
        ("/api/v1/openapi.json", "the schema itself (loaded to list the operations)"),
    ]
    return operations, skipped
