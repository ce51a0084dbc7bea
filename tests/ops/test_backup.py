"""Backup and restore: a backup restored into a fresh database and a fresh storage folder
reproduces every table's rows and every file; a damaged backup or a non-empty target is
refused before anything is written.

The restore runs in a subprocess (`python -m ambito restore`) pointed at a new SQLite file or a
scratch PostgreSQL database, as an operator would run it; the tests run on both vendors
(DATABASE_URL decides). They are transactional: the backup must see committed rows.
"""

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend

from tests.factories import HouseholdMemberFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_DIR = Path(__file__).resolve().parents[2]
FILES = {
    "cartelle/documenti/4f1c2e.pdf": b"%PDF-1.4 documento di prova\n" * 50,
    "importazioni/inps/elenco.xlsx": b"PK\x03\x04 foglio di prova",
}


def table_counts(db) -> dict[str, int]:
    """Every table of `db` with its row count, as the test sees it (not through the code under
    test)."""
    with db.cursor() as cursor:
        names = db.introspection.table_names(cursor)
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {db.ops.quote_name(name)}")
            counts[name] = cursor.fetchone()[0]
    return counts


def stored_files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@dataclass
class FreshInstance:
    """An empty database and an empty storage folder, for `python -m ambito restore`."""

    settings_dict: dict
    database_url: str
    media: Path

    def restore(self, *arguments: str) -> subprocess.CompletedProcess:
        environment = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "AMBITO_TESTING": "1",
        }
        return subprocess.run(
            [sys.executable, "-m", "ambito", "restore", *arguments],
            cwd=PROJECT_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def table_counts(self) -> dict[str, int]:
        backend = load_backend(self.settings_dict["ENGINE"])
        db = backend.DatabaseWrapper(self.settings_dict, "restored")
        try:
            return table_counts(db)
        finally:
            db.close()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def instance(media):
    """A few rows in many tables (zone, municipality, persons, a household, a user) and two
    files saved through the default storage."""
    HouseholdMemberFactory()
    PersonFactory.create_batch(3)
    UserFactory()
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name
    return media


@pytest.fixture
def fresh_instance(tmp_path):
    media = tmp_path / "media-ripristino"
    if connection.vendor == "sqlite":
        path = tmp_path / "ripristino.sqlite3"
        settings_dict = {**connection.settings_dict, "NAME": str(path), "TEST": {}}
        yield FreshInstance(settings_dict, f"sqlite:///{path}", media)
        return
    name = f"ambito_restore_{secrets.token_hex(4)}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    source = connection.settings_dict
    credentials = source["USER"] + (f":{source['PASSWORD']}" if source.get("PASSWORD") else "")
    url = f"postgres://{credentials}@{source['HOST']}:{source['PORT'] or 5432}/{name}"
    try:
        yield FreshInstance({**source, "NAME": name}, url, media)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_backup(tmp_path) -> Path:
    output = tmp_path / "backup"
    call_command("backup", output=output, stdout=open(os.devnull, "w"))  # noqa: SIM115
    (folder,) = output.iterdir()
    return folder


def test_restore_into_a_fresh_instance_reproduces_every_table_and_file(
    instance, fresh_instance, tmp_path
):
    expected_counts = table_counts(connection)
    folder = make_backup(tmp_path)

    restored = fresh_instance.restore(str(folder))

    assert restored.returncode == 0, restored.stderr
    assert "tutto corrisponde" in restored.stdout
    counts = fresh_instance.table_counts()
    assert counts == expected_counts
    assert len(counts) > 50 and counts["registry_person"] == 4
    assert stored_files(fresh_instance.media) == FILES


def test_the_manifest_counts_every_table_and_checksums_every_file(instance, tmp_path):
    import json

    expected_counts = table_counts(connection)
    manifest = json.loads((make_backup(tmp_path) / "manifest.json").read_text())

    assert manifest["format"] == 1
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"] == expected_counts
    assert sorted(entry["name"] for entry in manifest["files"]) == sorted(FILES)
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def test_verify_only_accepts_an_intact_backup_and_writes_nothing(instance, tmp_path):
    folder = make_backup(tmp_path)
    before = table_counts(connection)

    call_command("restore", str(folder), verify_only=True, stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert table_counts(connection) == before


def test_a_tampered_backup_is_refused_and_nothing_is_written(instance, fresh_instance, tmp_path):
    folder = make_backup(tmp_path)
    tampered = folder / "files" / "importazioni" / "inps" / "elenco.xlsx"
    content = bytearray(tampered.read_bytes())
    content[5] ^= 0x01
    tampered.write_bytes(bytes(content))

    restored = fresh_instance.restore(str(folder))

    assert restored.returncode != 0
    assert "Backup danneggiato" in restored.stderr
    assert "Nessun dato è stato scritto" in restored.stderr
    assert fresh_instance.table_counts() == {}
    assert stored_files(fresh_instance.media) == {}
    with pytest.raises(CommandError, match="Backup danneggiato"):
        call_command("restore", str(folder), verify_only=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_restore_into_a_database_with_tables_is_refused(instance, tmp_path):
    folder = make_backup(tmp_path)
    before = table_counts(connection)
    for name in FILES:
        default_storage.delete(name)  # only the database stands in the way

    with pytest.raises(CommandError, match="non è vuoto.*database vuoto"):
        call_command("restore", str(folder), stdout=open(os.devnull, "w"))  # noqa: SIM115

    assert table_counts(connection) == before
    assert stored_files(instance) == {}


def test_restore_over_a_file_already_in_the_storage_is_refused(instance, fresh_instance, tmp_path):
    folder = make_backup(tmp_path)
    existing = fresh_instance.media / "importazioni" / "inps" / "elenco.xlsx"
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"un altro file")

    restored = fresh_instance.restore(str(folder))

    assert restored.returncode != 0
    assert "archivio vuoto" in restored.stderr
    assert fresh_instance.table_counts() == {}
    assert stored_files(fresh_instance.media) == {"importazioni/inps/elenco.xlsx": b"un altro file"}


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path):
    with pytest.raises(CommandError, match="non è una cartella di backup"):
        call_command("restore", str(tmp_path), verify_only=True)


def test_a_backup_inside_the_storage_folder_is_refused(media):
    with pytest.raises(CommandError, match="dentro l'archivio dei file"):
        call_command("backup", output=media / "backup")
