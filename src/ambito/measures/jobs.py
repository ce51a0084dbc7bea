"""The INPS import as a background job (ambito.jobs): the check and the all-or-nothing write
run in a worker, with the progress of the check shown on the job's page.

The uploaded file waits in the default storage under `imports/<random>` (never in the session
or a URL), so any app server and any worker sees it; it is deleted once the import commits.
Retrying is safe: the write and the job's "done" commit together, and re-importing rows that
are already there changes nothing.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from ambito.jobs.kinds import JobKind, register

from .importer import commit_import, plan_import
from .models import Measure

KIND = "measures.import"
UPLOADS = "imports"


def store_upload(chunks) -> str:
    """Keep an uploaded file for the preview and the job; returns its storage name."""
    name = f"{UPLOADS}/{uuid.uuid4().hex}"
    return default_storage.save(name, ContentFile(b"".join(chunks)))


def upload_exists(name: str) -> bool:
    return (
        bool(name)
        and PurePosixPath(name).parent.as_posix() == UPLOADS
        and default_storage.exists(name)
    )


def read_upload(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _run(context, *, actor, upload: str, file_name: str, measure: str, names: dict) -> dict:
    from .selectors import import_zone

    zone = import_zone(user=actor)
    measure_obj = Measure.objects.get(code=measure)
    context.progress(0, None, "Lettura del file")
    plan = plan_import(
        zone=zone,
        measure=measure_obj,
        file_name=file_name,
        content=read_upload(upload),
        column_names=names,
        progress=lambda done, total: context.progress(done, total, None),
    )

    def write() -> dict:
        outcome = commit_import(
            actor=actor, plan=plan, checkpoint=lambda step: context.checkpoint(f"import.{step}")
        )
        transaction.on_commit(lambda: default_storage.delete(upload))
        return _result(measure, outcome)

    return context.write_all_or_nothing("Scrittura dei dati, tutti insieme", write)


def _result(measure: str, outcome) -> dict:
    return {
        "measure": measure,
        "batch": str(outcome.batch.uuid) if outcome.batch else "",
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "persons_created": outcome.persons_created,
        "cases_opened": outcome.cases_opened,
        "summary": [
            f"Nuove domande: {outcome.created}",
            f"Domande aggiornate: {outcome.updated}",
            f"Invariate: {outcome.unchanged}",
            f"Persone registrate: {outcome.persons_created}",
            f"Cartelle aperte: {outcome.cases_opened}",
        ],
    }


def _next(result: dict) -> str:
    return reverse("measures:applications") + f"?misura={result.get('measure', '')}"


register(
    JobKind(
        code=KIND,
        label="Importazione di un elenco INPS",
        run=_run,
        queue="imports",
        next_url=_next,
        next_label="Vai alle domande",
    )
)
