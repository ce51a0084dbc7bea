"""The kinds of background job: each app registers its own (in its AppConfig.ready), so that
the jobs app runs an import or a report without knowing the measures or the monitoring.

A kind's `run(context, *, actor, **params)` does the work and returns the result to keep
(counts, the storage name of a produced file, a `summary` of lines for the page). A kind that
writes records does it through `context.write_all_or_nothing`, which commits the rows and the
job's "done" together (runner.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class JobKind:
    code: str
    label: str
    run: Callable[..., dict]
    queue: str = "default"
    # Where the job page sends the user once the job is done (a URL name, reversed with the
    # job's result), and the label of that link.
    next_url: Callable[[dict], str] | None = None
    next_label: str = ""


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.code] = kind
    return kind


def get(code: str) -> JobKind:
    try:
        return KINDS[code]
    except KeyError:
        raise LookupError(f"Tipo di lavoro sconosciuto: {code}") from None
