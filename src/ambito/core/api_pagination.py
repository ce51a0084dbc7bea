"""The one pagination of the API's lists.

Every list operation answers `{"count": N, "next": <url or null>, "items": [...]}` and takes
`limit` (default 50, at most 200) and `offset` (at most 1,000,000) as query parameters. A limit
over the maximum, or an offset out of bounds, is a 422 with the Italian message: never a
silently shorter page, never a database overflow. `next` is the same request with the next
offset, null on the last page; no list is cut at a fixed number of rows.

Use it with `@paginate(AmbitoPagination)` under the router's decorator (`response` stays
`list[Schema]`: the envelope `Page<Schema>` is built from it), or, when the operation must know
the page it answers (to log the persons read), with `page_params()` and `page_of()`."""

from __future__ import annotations

from typing import Any
from urllib import parse

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class PaginationIn(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Elementi per pagina (1-{MAX_LIMIT})."
    )
    offset: int = Field(
        0, ge=0, le=MAX_OFFSET, description="Quanti elementi saltare (0 per la prima pagina)."
    )


def next_url(request: HttpRequest, *, offset: int, limit: int, count: int) -> str | None:
    """The address of the next page, or None on the last one."""
    if offset + limit >= count:
        return None
    scheme, netloc, path, query, fragment = parse.urlsplit(request.build_absolute_uri())
    params = [(k, v) for k, v in parse.parse_qsl(query, True) if k not in ("limit", "offset")]
    params += [("limit", str(limit)), ("offset", str(offset + limit))]
    return parse.urlunsplit((scheme, netloc, path, parse.urlencode(params), fragment))


def page_of(request: HttpRequest, items, pagination: PaginationIn, count: int) -> dict:
    """The envelope of a page the operation has already cut (`items` is that page)."""
    return {
        "count": count,
        "next": next_url(request, offset=pagination.offset, limit=pagination.limit, count=count),
        "items": list(items),
    }


def _count(items) -> int:
    try:
        return items.all().count()  # a QuerySet: one COUNT query
    except AttributeError:
        return len(items)


class AmbitoPagination(PaginationBase):
    Input = PaginationIn

    class Output(Schema):
        count: int = Field(..., description="Numero totale di elementi.")
        next: str | None = Field(..., description="Indirizzo della pagina seguente, o null.")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: PaginationIn, request, **params):
        count = _count(queryset)
        offset, limit = pagination.offset, pagination.limit
        return page_of(request, queryset[offset : offset + limit], pagination, count)
