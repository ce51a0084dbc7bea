"""Backup and restore of a whole instance: the database and every file of the default storage.

A backup is a folder holding `manifest.json`, the database dump (`database.sqlite3`, a copy made
with SQLite's online backup API, or `database.pgdump`, `pg_dump --format=custom`) and `files/`,
a copy of every file of Django's default storage under its storage name. The manifest lists
every table with its row count, every file with its size and SHA-256, and the dump's SHA-256.

Row counts are taken from the same snapshot as the dump (the copied SQLite file; on PostgreSQL
a REPEATABLE READ transaction whose snapshot pg_dump shares), so that a backup of a running
instance, where every page view writes an access-log row, still verifies exactly.

Restore checks every checksum before writing anything, writes only into an empty database and
never over an existing file, then compares what it wrote with the manifest. Output names tables
and counts only: file names may carry personal data in other deployments, so files are named
by their position in the manifest.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 (pg_dump and pg_restore, with argument lists, no shell)
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection, connections

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
FILES_DIR = "files"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK_SIZE = 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is in Italian, for the operator."""


@dataclass
class Verification:
    """What a restore (or a check of a backup) found, compared with the manifest."""

    tables_checked: int = 0
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        outcome = "tutto corrisponde" if self.ok else f"{len(self.problems)} differenze"
        return f"Verifica: {self.tables_checked} tabelle, {self.files_checked} file; {outcome}."


def _silent(line: str) -> None:
    pass


# --- backup -------------------------------------------------------------------------------


def backup_create(*, output: Path, progress: Progress = _silent) -> Path:
    """Write a backup folder under `output` and return its path.

    The folder is written as `<name>.partial` and renamed at the end, so that an interrupted
    backup never looks like a complete one.
    """
    vendor = connection.vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Database non supportato per il backup: {vendor}.")
    created_at = datetime.now(UTC)
    name = "ambito-backup-" + created_at.strftime("%Y%m%dT%H%M%SZ")
    output = Path(output)
    _check_outside_storage(output)
    final = output / name
    if final.exists():
        raise BackupError(f"La cartella {final} esiste già: riprova tra un secondo.")
    partial = final.with_name(name + ".partial")
    output.mkdir(parents=True, exist_ok=True)
    partial.mkdir(mode=0o700)  # personal data: readable by the backup's owner only
    try:
        dump = partial / DUMP_NAMES[vendor]
        progress(f"Database ({vendor}): copia in corso...")
        tables = _dump_sqlite(dump) if vendor == "sqlite" else _dump_postgresql(dump)
        progress(f"Database: {len(tables)} tabelle, {sum(tables.values())} righe.")
        files = _copy_storage(partial / FILES_DIR, progress)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created_at.isoformat(),
            "ambito_version": _ambito_version(),
            "database": {
                "vendor": vendor,
                "file": dump.name,
                "size": dump.stat().st_size,
                "sha256": _sha256_path(dump),
            },
            "tables": tables,
            "files": files,
        }
        (partial / MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    progress(f"Backup completato: {final}")
    return final


def _check_outside_storage(output: Path) -> None:
    """A backup inside the storage folder would copy every earlier backup into the next."""
    if isinstance(default_storage, FileSystemStorage):  # the lazy object passes isinstance
        media = Path(default_storage.location).resolve()
        if output.resolve().is_relative_to(media):
            raise BackupError(
                f"La cartella del backup non può stare dentro l'archivio dei file ({media})."
            )


def _dump_sqlite(target: Path) -> dict[str, int]:
    """Copy the live database with SQLite's online backup API, from Django's own connection
    (an in-memory test database has no file to open), and count the rows of the copy."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # The copy inherits WAL mode; back to a rollback journal, so that the dump is one
        # self-contained file whose checksum covers everything.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
    return _sqlite_file_counts(target)


def _sqlite_file_counts(path: Path) -> dict[str, int]:
    """Every table's row count in an SQLite file, as Django's introspection lists them."""
    source = _sqlite_read_only(path)
    try:
        names = [
            row[0]
            for row in source.execute(
                # Django's introspection's own rule, so that restore compares the same set.
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence'"
            )
        ]
        return {
            name: source.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in sorted(names)
        }
    finally:
        source.close()


def _sqlite_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump inside the snapshot of a REPEATABLE READ transaction in which the rows are
    counted, so that the counts are those of the dump even while the application writes."""
    reader = connections.create_connection("default")
    try:
        reader.ensure_connection()
        reader.set_autocommit(False)
        with reader.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = _table_counts(reader, cursor)
            _run_pg(
                "pg_dump",
                ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                reader.settings_dict,
            )
        reader.rollback()
    finally:
        reader.close()
    return tables


def _table_counts(db, cursor) -> dict[str, int]:
    counts = {}
    for name in db.introspection.table_names(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(name)}")  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def _copy_storage(target: Path, progress: Progress) -> list[dict]:
    """Copy every file of the default storage (a folder or an S3 bucket alike: through the
    storage API, never the file system) into `target`, keeping its storage name."""
    files = []
    for name in _storage_names():
        destination = target / PurePosixPath(name)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            with default_storage.open(name, "rb") as source, destination.open("wb") as out:
                digest = _copy_hashing(source, out)
        except FileNotFoundError:
            # Deleted while we walked: it was not in the database snapshot's past either way.
            destination.unlink(missing_ok=True)
            continue
        files.append({"name": name, "size": destination.stat().st_size, "sha256": digest})
        if len(files) % 100 == 0:
            progress(f"File: {len(files)} copiati...")
    progress(f"File: {len(files)} copiati, {sum(f['size'] for f in files)} byte.")
    return files


def _storage_names(folder: str = "") -> Iterator[str]:
    try:
        directories, names = default_storage.listdir(folder)
    except FileNotFoundError:  # MEDIA_ROOT not created yet: no files
        return
    for name in sorted(names):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _storage_names(f"{folder}/{directory}" if folder else directory)


def _copy_hashing(source, out) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK_SIZE):
        digest.update(chunk)
        out.write(chunk)
    return digest.hexdigest()


def _sha256_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def _ambito_version() -> str:
    try:
        return metadata.version("ambito")
    except metadata.PackageNotFoundError:
        return "sconosciuta"


# --- integrity ----------------------------------------------------------------------------


def backup_verify(folder: Path, progress: Progress = _silent) -> dict:
    """Check a backup folder without touching the instance: the manifest, the dump's and every
    file's checksum, and that the dump is readable. Return the manifest; raise BackupError
    (nothing written) if anything is wrong."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    database = manifest["database"]
    dump = folder / database["file"]
    if not dump.is_file() or _sha256_path(dump) != database["sha256"]:
        raise BackupError(
            "Backup danneggiato: il file del database manca o non corrisponde al suo checksum. "
            "Nessun dato è stato scritto."
        )
    progress("Database: checksum corretto.")
    damaged = [
        index
        for index, entry in enumerate(manifest["files"], start=1)
        if not _backup_file_intact(folder, entry)
    ]
    if damaged:
        listed = ", ".join(str(index) for index in damaged[:10])
        raise BackupError(
            f"Backup danneggiato: {len(damaged)} file mancanti o con checksum diverso "
            f"(posizione nel manifest: {listed}). Nessun dato è stato scritto."
        )
    progress(f"File: {len(manifest['files'])} con checksum corretto.")
    if database["vendor"] == "sqlite":
        if _sqlite_file_counts(dump) != manifest["tables"]:
            raise BackupError(
                "Backup danneggiato: le righe del database non corrispondono al manifest. "
                "Nessun dato è stato scritto."
            )
    else:
        _run_pg("pg_restore", ["--list", str(dump)], None)
    progress(f"Database: {len(manifest['tables'])} tabelle leggibili.")
    return manifest


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_NAME
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path} non esiste: non è una cartella di backup di Ambito.") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(f"{path} non è leggibile: backup danneggiato.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"Formato del backup non riconosciuto (atteso {FORMAT_VERSION}): "
            "usare la versione di Ambito che lo ha creato."
        )
    try:
        names = [entry["name"] for entry in manifest["files"]]
        database_ok = (
            manifest["database"]["vendor"] in DUMP_NAMES
            and manifest["database"]["file"] == DUMP_NAMES[manifest["database"]["vendor"]]
            and isinstance(manifest["tables"], dict)
        )
    except (KeyError, TypeError):
        raise BackupError(f"{path} è incompleto: backup danneggiato.") from None
    if not database_ok:
        raise BackupError("Backup non valido: database o file del database non ammessi.")
    if not all(_safe_name(name) for name in names):
        raise BackupError("Backup non valido: il manifest contiene un nome di file non ammesso.")
    return manifest


def _safe_name(name: str) -> bool:
    """A relative storage name that stays inside `files/` (the manifest could be edited)."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _backup_file_intact(folder: Path, entry: dict) -> bool:
    path = folder / FILES_DIR / PurePosixPath(entry["name"])
    return (
        path.is_file()
        and path.stat().st_size == entry["size"]
        and _sha256_path(path) == entry["sha256"]
    )


# --- restore ------------------------------------------------------------------------------


def backup_restore(folder: Path, progress: Progress = _silent) -> Verification:
    """Restore a backup into an empty instance and compare the result with the manifest."""
    folder = Path(folder)
    manifest = _read_manifest(folder)
    vendor = manifest["database"]["vendor"]
    _check_target_empty(vendor, manifest)  # the cheap refusals first
    manifest = backup_verify(folder, progress)
    if manifest.get("ambito_version") != _ambito_version():
        progress(
            f"Backup creato con Ambito {manifest.get('ambito_version')}, questa è "
            f"{_ambito_version()}: dopo il ripristino eseguire `migrate`."
        )
    dump = folder / manifest["database"]["file"]
    progress(f"Database ({vendor}): ripristino in corso...")
    if vendor == "sqlite":
        _restore_sqlite(dump)
    else:
        _run_pg(
            "pg_restore",
            ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(dump)],
            connection.settings_dict,
        )
    progress("Database ripristinato.")
    _restore_files(folder, manifest["files"], progress)
    return restore_check(manifest)


def _check_target_empty(vendor: str, manifest: dict) -> None:
    """Refuse before writing anything: a restore goes into an empty database, and never
    over a file of the storage (it would be saved under another name)."""
    if connection.vendor != vendor:
        raise BackupError(
            f"Il backup è di un database {vendor}, la destinazione è {connection.vendor}: "
            "il ripristino richiede lo stesso tipo di database."
        )
    existing = connection.introspection.table_names()
    if existing:
        raise BackupError(
            f"Il database di destinazione non è vuoto ({len(existing)} tabelle): il ripristino "
            "richiede un database vuoto, senza tabelle. Creane uno nuovo (senza eseguire "
            "migrate) e riprova. Nessun dato è stato scritto."
        )
    clashes = sum(1 for entry in manifest["files"] if default_storage.exists(entry["name"]))
    if clashes:
        raise BackupError(
            f"L'archivio dei file di destinazione contiene già {clashes} file del backup: il "
            "ripristino richiede un archivio vuoto. Nessun dato è stato scritto."
        )


def _restore_sqlite(dump: Path) -> None:
    """Copy the dump into Django's own connection with the backup API (the target may be an
    in-memory database, and the copy is page by page, consistent)."""
    connection.ensure_connection()
    source = _sqlite_read_only(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_files(folder: Path, files: list[dict], progress: Progress) -> None:
    for index, entry in enumerate(files, start=1):
        path = folder / FILES_DIR / PurePosixPath(entry["name"])
        with path.open("rb") as source:
            saved = default_storage.save(entry["name"], File(source))
        if saved != entry["name"]:
            raise BackupError(
                f"Il file n. {index} del manifest è stato salvato con un altro nome: "
                "l'archivio dei file non era vuoto."
            )
        if index % 100 == 0:
            progress(f"File: {index} ripristinati...")
    progress(f"File: {len(files)} ripristinati.")


def restore_check(manifest: dict) -> Verification:
    """Compare the instance with the manifest: every table's rows, every file's checksum."""
    result = Verification()
    with connection.cursor() as cursor:
        counts = _table_counts(connection, cursor)
    for name in sorted(set(manifest["tables"]) | set(counts)):
        expected, found = manifest["tables"].get(name), counts.get(name)
        result.tables_checked += 1
        if expected != found:
            result.problems.append(f"tabella {name}: attese {expected} righe, trovate {found}")
    for index, entry in enumerate(manifest["files"], start=1):
        result.files_checked += 1
        if _storage_sha256(entry["name"]) != entry["sha256"]:
            result.problems.append(f"file n. {index} del manifest: mancante o diverso")
    return result


def _storage_sha256(name: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with default_storage.open(name, "rb") as source:
            while chunk := source.read(CHUNK_SIZE):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


# --- PostgreSQL client tools --------------------------------------------------------------


def _run_pg(tool: str, arguments: list[str], settings_dict: dict | None) -> None:
    """Run pg_dump/pg_restore with the connection of `settings_dict`; the password goes in
    PGPASSWORD, never on the command line or in the output."""
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} non trovato: installare il client di PostgreSQL.")
    command = [executable, "--no-password", *arguments]
    environment = dict(os.environ)
    if settings_dict is not None:
        command += _pg_connection_arguments(settings_dict)
        if settings_dict.get("PASSWORD"):
            environment["PGPASSWORD"] = str(settings_dict["PASSWORD"])
        sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
        if sslmode:
            environment["PGSSLMODE"] = sslmode
    with tempfile.TemporaryFile() as errors:
        completed = subprocess.run(  # noqa: S603 (our own argument list, no shell)
            command, env=environment, stdout=subprocess.DEVNULL, stderr=errors
        )
        if completed.returncode != 0:
            errors.seek(0)
            # DETAIL lines may quote row values (a key that clashed): personal data.
            lines = errors.read().decode(errors="replace").splitlines()
            detail = "\n".join(line for line in lines if "DETAIL:" not in line)[-2000:]
            raise BackupError(f"{tool} non è riuscito (codice {completed.returncode}): {detail}")


def _pg_connection_arguments(settings_dict: dict) -> list[str]:
    arguments = []
    if settings_dict.get("HOST"):
        arguments.append(f"--host={settings_dict['HOST']}")
    if settings_dict.get("PORT"):
        arguments.append(f"--port={settings_dict['PORT']}")
    if settings_dict.get("USER"):
        arguments.append(f"--username={settings_dict['USER']}")
    # The database Django is connected to (under the tests, `test_<name>`).
    arguments.append(f"--dbname={settings_dict['NAME']}")
    return arguments
