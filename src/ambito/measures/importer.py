"""Import of INPS application lists (CSV or XLSX) (DOMAIN §5).

Two steps: `plan_import` reads the file, maps its columns, checks every row and says what
would change (per-row errors in Italian: invalid codice fiscale, unknown municipality, unknown
status, protocol repeated in the file, ...) without writing anything; `commit_import` writes a
plan with no errors, all or nothing. Rows are matched by INPS protocol: importing the same
file again finds every row unchanged and writes nothing.

Positive applications open a case on the income-support line for the household (or link the
open one), assigned at once where an AssignmentRule names the municipality's case manager;
lapsed, suspended and rejected ones go to the follow-up list with the reason.

Who writes what: the importer writes its own rows (ImportBatch, Application) and their
EventLog rows (`log_events_bulk`); new persons are registered by the registry's
`persons_register_bulk`, and cases opened by the cases' `cases_open_bulk` (through
cases_bridge), each with its own audit rows. So the importer needs, besides
`measures.import_applications`, the permissions those services ask for (registry.add_person,
cases.add_case, cases.assign_case: the coordinator's and zone administrator's roles hold them).

Speed: everything the rows need is read in a few queries up front (persons by code,
households, applications by protocol, municipalities) and written with bulk inserts, so the
cost per row is Python only; a codice fiscale already in the registry is checked by shape and
check character, and decoded in full only when the importer registers a new person.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone

from ambito.cases import milestones
from ambito.core import fiscal_code
from ambito.core.audit import log_event, log_events_bulk
from ambito.core.bulk_insert import insert_rows, prepared_rows
from ambito.core.choices import EventAction
from ambito.core.permissions import NotAllowed, require, require_same_zone
from ambito.registry.bulk import (
    NewPerson,
    current_households_of,
    persons_by_code,
    registered_codes,
)
from ambito.registry.services import persons_register_bulk
from ambito.territory.models import Municipality

from .models import (
    FOLLOW_UP_STATUSES,
    Application,
    ApplicationStatus,
    ApplicationStatusChange,
    ImportBatch,
)

CHANNEL = "import"  # the audit rows' channel, whether the file came from a page, the API or the CLI
MAX_ROWS = 500_000
MAX_BYTES = 50 * 1024 * 1024

# field -> (label, required, header synonyms, normalised)
FIELDS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "protocol": (
        "Protocollo INPS",
        True,
        ("protocollo", "protocollo inps", "numero domanda", "id domanda", "domanda"),
    ),
    "fiscal_code": (
        "Codice fiscale del richiedente",
        True,
        ("codice fiscale", "cf", "codice fiscale richiedente", "cf richiedente"),
    ),
    "last_name": ("Cognome", False, ("cognome", "cognome richiedente")),
    "first_name": ("Nome", False, ("nome", "nome richiedente")),
    "municipality": (
        "Comune (nome o codice ISTAT)",
        True,
        ("comune", "comune di residenza", "codice istat", "istat", "codice comune"),
    ),
    "submitted_on": (
        "Data della domanda",
        False,
        ("data domanda", "data presentazione", "presentata il"),
    ),
    "status": ("Stato", True, ("stato", "esito", "stato domanda", "stato pratica")),
    "status_on": ("Data dell'esito", False, ("data esito", "data stato", "data")),
    "reason": ("Motivo", False, ("motivo", "motivazione", "causale", "note")),
}

STATUS_WORDS = {
    ApplicationStatus.POSITIVE: (
        "accolta",
        "accolte",
        "positiva",
        "positive",
        "positivo",
        "accettata",
    ),
    ApplicationStatus.LAPSED: ("decaduta", "decadute", "decaduto", "revocata", "revocate"),
    ApplicationStatus.SUSPENDED: ("sospesa", "sospese", "sospensione"),
    ApplicationStatus.IN_PROGRESS: (
        "in lavorazione",
        "lavorazione",
        "in istruttoria",
        "istruttoria",
    ),
    ApplicationStatus.REJECTED: ("respinta", "respinte", "respinto", "rifiutata", "negativa"),
}
_STATUS = {word: status for status, words in STATUS_WORDS.items() for word in words}
_STATUS.update({s.value: s.value for s in ApplicationStatus})


def _plain(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("_", " ").replace(".", " ").split())


# --- reading the file ----------------------------------------------------------------------------


def read_table(name: str, content: bytes) -> tuple[list[str], list[list]]:
    """(headers, rows) of a CSV (comma or semicolon, UTF-8 or Latin-1) or XLSX file."""
    if len(content) > MAX_BYTES:
        raise ValidationError(f"Il file supera i {MAX_BYTES // 1024 // 1024} MB.")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise ValidationError("Formato non riconosciuto: carica un file .csv o .xlsx.")


def _read_csv(content: bytes) -> tuple[list[str], list[list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise ValidationError("Il file è vuoto.")
    return [h.strip() for h in rows[0]], rows[1:]


def _read_xlsx(content: bytes) -> tuple[list[str], list[list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same answer
        raise ValidationError("Il file Excel non si può leggere.") from exc
    sheet = workbook.worksheets[0]
    rows = [
        list(row)
        for row in sheet.iter_rows(values_only=True)
        if any(c not in (None, "") for c in row)
    ]
    workbook.close()
    if not rows:
        raise ValidationError("Il file è vuoto.")
    return [str(h or "").strip() for h in rows[0]], rows[1:]


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """field -> column index, by the headers' usual names."""
    plain = [_plain(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for name, (_, _, synonyms) in FIELDS.items():
        mapping[name] = next((i for i, h in enumerate(plain) if h in synonyms), None)
    return mapping


def mapping_from_names(headers: list[str], names: dict[str, str]) -> dict[str, int | None]:
    """The guessed mapping, overridden by field -> header name (the page's or CLI's choices)."""
    mapping = guess_mapping(headers)
    plain = [_plain(h) for h in headers]
    for name, header in names.items():
        if name not in FIELDS:
            raise ValidationError(f"Campo sconosciuto nella corrispondenza: «{name}».")
        if header in ("", None):
            mapping[name] = None
            continue
        if _plain(header) not in plain:
            raise ValidationError(f"Il file non ha la colonna «{header}».")
        mapping[name] = plain.index(_plain(header))
    return mapping


# --- checking ----------------------------------------------------------------------------------


@dataclass
class RowResult:
    line: int  # in the file, header = 1
    protocol: str
    action: str = ""  # new, update, unchanged, error
    errors: list[str] = field(default_factory=list)
    status: str = ""
    municipality: str = ""


@dataclass
class _Prepared:
    result: RowResult
    code: str
    last_name: str
    first_name: str
    municipality: Municipality
    submitted_on: dt.date | None
    status: str
    status_on: dt.date | None
    reason: str
    decoded: object = None  # the decoded code, for a person the registry does not know


@dataclass
class ImportPlan:
    zone: object
    measure: object
    file_name: str
    sha256: str
    mapping: dict[str, int | None]
    headers: list[str]
    results: list[RowResult]
    prepared: list[_Prepared] = field(repr=False, default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(r.action for r in self.results)

    @property
    def errors(self) -> list[RowResult]:
        return [r for r in self.results if r.action == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.results)

    @property
    def missing_fields(self) -> list[str]:
        return [
            FIELDS[n][0] for n, (_, req, _) in FIELDS.items() if req and self.mapping.get(n) is None
        ]


def _date(value, label: str, errors: list[str]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    errors.append(f"{label} non valida: «{text[:20]}» (usa GG/MM/AAAA).")
    return None


def plan_import(
    *,
    zone,
    measure,
    file_name: str,
    content: bytes,
    column_names: dict[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportPlan:
    """Read and check a file; write nothing."""
    headers, rows = read_table(file_name, content)
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"Il file ha più di {MAX_ROWS} righe: dividilo.")
    mapping = mapping_from_names(headers, column_names or {})
    plan = ImportPlan(
        zone=zone,
        measure=measure,
        file_name=file_name[:200],
        sha256=hashlib.sha256(content).hexdigest(),
        mapping=mapping,
        headers=headers,
        results=[],
    )
    if plan.missing_fields:
        raise ValidationError(
            "Mancano colonne obbligatorie: "
            + ", ".join(plan.missing_fields)
            + ". Indica a quali colonne del file corrispondono."
        )

    def cell(row, name):
        index = mapping.get(name)
        if index is None or index >= len(row):
            return None
        return row[index]

    municipalities = list(Municipality.objects.filter(zone=zone))
    by_istat = {m.istat_code: m for m in municipalities}
    by_name = {_plain(m.name): m for m in municipalities}
    protocols = Counter(str(cell(row, "protocol") or "").strip() for row in rows)
    total = len(rows)
    for index, row in enumerate(rows):
        errors: list[str] = []
        protocol = str(cell(row, "protocol") or "").strip()
        result = RowResult(line=index + 2, protocol=protocol[:40])
        if not protocol:
            errors.append("Manca il protocollo INPS.")
        elif len(protocol) > 40:
            errors.append("Protocollo troppo lungo (massimo 40 caratteri).")
        elif protocols[protocol] > 1:
            errors.append("Protocollo ripetuto nel file.")
        try:
            code = fiscal_code.check(str(cell(row, "fiscal_code") or ""))
        except ValidationError as exc:
            code = ""
            errors.append("Codice fiscale non valido: " + exc.messages[0])
        raw_municipality = cell(row, "municipality")
        key = str(raw_municipality or "").strip()
        municipality = by_istat.get(key.zfill(6)) if key.isdigit() else by_name.get(_plain(key))
        if municipality is None:
            errors.append(f"Comune sconosciuto nell'ambito: «{key[:40]}».")
        status = _STATUS.get(_plain(cell(row, "status")))
        if status is None:
            errors.append(f"Stato sconosciuto: «{str(cell(row, 'status') or '')[:30]}».")
        submitted_on = _date(cell(row, "submitted_on"), "Data della domanda", errors)
        status_on = _date(cell(row, "status_on"), "Data dell'esito", errors)
        today = timezone.localdate()
        if status_on and status_on > today:
            errors.append("La data dell'esito è nel futuro.")
        if submitted_on and status_on and status_on < submitted_on:
            errors.append("L'esito precede la domanda.")
        if municipality is not None:
            result.municipality = municipality.name
        result.status = status or ""
        if errors:
            result.action, result.errors = "error", errors
        else:
            plan.prepared.append(
                _Prepared(
                    result=result,
                    code=code,
                    last_name=str(cell(row, "last_name") or "").strip()[:100],
                    first_name=str(cell(row, "first_name") or "").strip()[:100],
                    municipality=municipality,
                    submitted_on=submitted_on,
                    status=status,
                    status_on=status_on,
                    reason=str(cell(row, "reason") or "").strip()[:300],
                )
            )
        plan.results.append(result)
        if progress and (index % 5000 == 0 or index == total - 1):
            progress(index + 1, total)
    _match(plan)
    return plan


def _match(plan: ImportPlan) -> None:
    """Persons by code and existing applications by protocol: new, update or unchanged."""
    codes = {p.code for p in plan.prepared}
    persons = registered_codes(plan.zone, codes)
    decoded: dict[str, fiscal_code.DecodedFiscalCode] = {}
    existing = _applications_by_protocol(
        plan.zone, plan.measure, [p.result.protocol for p in plan.prepared]
    )
    for item in plan.prepared:
        if item.code not in persons and not (item.last_name and item.first_name):
            item.result.action = "error"
            item.result.errors.append(
                "Persona non presente in anagrafe: per registrarla servono cognome e nome."
            )
            continue
        if item.code not in persons:
            try:
                item.decoded = decoded.get(item.code) or fiscal_code.validate(item.code)
                decoded[item.code] = item.decoded
            except ValidationError as exc:
                item.result.action = "error"
                item.result.errors.append("Codice fiscale non valido: " + exc.messages[0])
                continue
        current = existing.get(item.result.protocol)
        if current is None:
            item.result.action = "new"
        elif (
            current.status,
            current.status_on,
            current.submitted_on,
            current.status_reason,
            current.municipality_id,
            current.applicant.fiscal_code,
        ) == (
            item.status,
            item.status_on,
            item.submitted_on,
            item.reason,
            item.municipality.pk,
            item.code,
        ):
            item.result.action = "unchanged"
        else:
            item.result.action = "update"
    plan.prepared = [p for p in plan.prepared if p.result.action != "error"]


def _chunks(values: list, size: int = 900) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _applications_by_protocol(zone, measure, protocols: list[str]) -> dict[str, Application]:
    found: dict[str, Application] = {}
    for chunk in _chunks(sorted(set(protocols))):
        for app in Application.objects.filter(
            zone=zone, measure=measure, protocol__in=chunk
        ).select_related("applicant"):
            found[app.protocol] = app
    return found


# --- writing -----------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    batch: ImportBatch | None
    created: int
    updated: int
    unchanged: int
    persons_created: int
    cases_opened: int
    cases_linked: int


@transaction.atomic
def commit_import(
    *, actor, plan: ImportPlan, checkpoint: Callable[[str], None] | None = None
) -> ImportOutcome:
    """Write a checked plan, all or nothing. Refused if any row has an error. `checkpoint` is
    called between the steps of the write (a job's heartbeat and its tests' hook)."""
    require(
        actor,
        "measures.import_applications",
        message="Non hai il permesso di importare le domande.",
    )
    require_same_zone(actor, plan.zone.pk)
    if plan.errors:
        raise ValidationError(
            f"Il file ha {len(plan.errors)} righe con errori: correggile e ricarica il file. "
            "Non è stato importato nulla."
        )
    counts = plan.counts
    if counts["new"] == 0 and counts["update"] == 0:
        log_event(
            user=actor,
            obj=plan.zone,
            action=EventAction.UPDATE,
            note=f"importazione {plan.measure.code} senza modifiche ({counts['unchanged']} righe)",
            zone_id=plan.zone.pk,
        )
        return ImportOutcome(None, 0, 0, counts["unchanged"], 0, 0, 0)

    now = timezone.now()
    todo = [p for p in plan.prepared if p.result.action in ("new", "update")]
    persons = persons_by_code(plan.zone, {p.code for p in todo})
    new_persons = _register_persons(actor, plan.zone, [p for p in todo if p.code not in persons])
    persons.update(new_persons)
    households = current_households_of(p.pk for p in persons.values())
    batch = ImportBatch.objects.create(
        zone=plan.zone,
        measure=plan.measure,
        file_name=plan.file_name,
        file_sha256=plan.sha256,
        rows=len(plan.results),
        created=counts["new"],
        updated=counts["update"],
        unchanged=counts["unchanged"],
        imported_by=actor,
    )
    existing = _applications_by_protocol(plan.zone, plan.measure, [p.result.protocol for p in todo])
    created, changed, history = [], [], []
    today = timezone.localdate()
    for item in todo:
        person = persons[item.code]
        values = {
            "applicant": person,
            "household": households.get(person.pk),
            "municipality": item.municipality,
            "submitted_on": item.submitted_on,
            "status": item.status,
            "status_on": item.status_on,
            "status_reason": item.reason,
            "last_import": batch,
        }
        app = existing.get(item.result.protocol)
        if app is None:
            app = Application(
                zone=plan.zone, measure=plan.measure, protocol=item.result.protocol, **values
            )
            created.append(app)
            history.append(_status_change(app, batch, today))
        else:
            moved = (app.status, app.status_on) != (item.status, item.status_on)
            if app.status != item.status and item.status in FOLLOW_UP_STATUSES:
                app.follow_up_done_at = None  # a new reason to follow up
            for name, value in values.items():
                setattr(app, name, value)
            changed.append(app)
            if moved:
                history.append(_status_change(app, batch, today))
    from .cases_bridge import open_cases_for_positive

    try:
        opened, linked = open_cases_for_positive(
            actor=actor,
            zone=plan.zone,
            applications=[
                a for a in [*created, *changed] if a.status == ApplicationStatus.POSITIVE
            ],
            at=now,
            channel=CHANNEL,
            save=False,  # the applications are written below, with their case
        )
    except NotAllowed:
        raise NotAllowed(
            "Le domande accolte aprono cartelle e non hai il permesso di aprirle o assegnarle. "
            "Non è stato importato nulla."
        ) from None
    _insert_new(created)
    if checkpoint:
        checkpoint("applications")
    _insert_new(history)  # after the applications: the rows point at their UUIDs
    Application.objects.bulk_update(
        changed,
        [
            "applicant",
            "household",
            "municipality",
            "submitted_on",
            "status",
            "status_on",
            "status_reason",
            "last_import",
            "follow_up_done_at",
            "case",
        ],
        batch_size=1000,
    )
    # The monitoring's milestones of every case whose applications changed (cases/milestones.py).
    milestones.refresh(a.case_id for a in [*created, *changed])
    batch.cases_opened = opened
    batch.save(update_fields=["cases_opened"])
    for action, apps in ((EventAction.CREATE, created), (EventAction.UPDATE, changed)):
        log_events_bulk(
            user=actor,
            objs=apps,
            action=action,
            fields=["status", "status_on", "status_reason"],
            person_of=lambda app: app.applicant_id,
            channel=CHANNEL,
            note=f"importazione {batch.uuid}",
            zone_id=plan.zone.pk,
        )
    return ImportOutcome(
        batch, len(created), len(changed), counts["unchanged"], len(new_persons), opened, linked
    )


def _status_change(app, batch, today) -> ApplicationStatusChange:
    """The history row of the status the file gives an application: from the outcome's date,
    else (a status INPS gives without a date) from the day of the import."""
    return ApplicationStatusChange(
        application=app,
        status=app.status,
        since=app.status_on or today,
        reason=app.status_reason,
        batch=batch,
    )


def _insert_new(objs: list) -> None:
    """INSERT the import's new applications or their status rows (core.bulk_insert: COPY on
    PostgreSQL). Their related objects are saved already; their primary keys are not read back
    (the import needs the applications' UUIDs, set in Python, and their cases)."""
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    insert_rows(model, fields, prepared_rows(objs, fields, connection), connection=connection)


def _register_persons(actor, zone, items: list[_Prepared]) -> dict[str, object]:
    """Persons the registry does not know yet, from the INPS list, through the registry's
    service (its rules, its audit rows). The actor needs `registry.add_person` as well as the
    import permission: refused in the import's words, with nothing written."""
    unique: dict[str, _Prepared] = {}
    for item in items:
        unique.setdefault(item.code, item)
    try:
        return persons_register_bulk(
            actor=actor,
            zone=zone,
            persons=[
                NewPerson(
                    fiscal_code=item.code,
                    last_name=item.last_name,
                    first_name=item.first_name,
                    residence_municipality=item.municipality,
                    decoded=item.decoded,
                )
                for item in unique.values()
            ],
            channel=CHANNEL,
            note="importazione INPS",
        )
    except NotAllowed:
        raise NotAllowed(
            f"Il file contiene {len(unique)} persone non presenti in anagrafe e non hai il "
            "permesso di registrarle. Non è stato importato nulla."
        ) from None
