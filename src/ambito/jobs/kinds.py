"""The kinds of background job: each app registers its own (in its AppConfig.ready), so that
the jobs app runs an import or a report without knowing the measures or the monitoring.

A kind's `run(context, **params)` does the work and returns the result to keep (counts, the
storage name of a produced file). With `atomic=True` the run and the job's "done" commit in
one transaction: a worker that dies half-way leaves nothing written, and a retry of a job that
did commit finds it done and does nothing.
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
    atomic: bool = False
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
