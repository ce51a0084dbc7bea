"""Issue 16: files go through Django's storage API, and work the same on a local folder and on
S3-compatible object storage.

The S3 side runs against a real HTTP endpoint on loopback (moto's server, started once for
the module, in this process), with the same storage OPTIONS as settings.py. Each scenario runs
on both backends and expects the same bytes, headers and audit rows.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.http import Http404
from django.utils import timezone

from ambito.cases import services
from ambito.cases.models import CaseDocument
from ambito.core.files import content_disposition, stream_stored_file
from ambito.core.models import AccessLog
from tests.cases import conftest as cases_fixtures

pytestmark = pytest.mark.django_db

BUCKET = "ambito-prova"
PREFIX = "zona-a"
# The cases' fixtures: a coordinator assigns social_worker_a a case of municipality A.
coordinator = cases_fixtures.coordinator
household_a = cases_fixtures.household_a
case_a = cases_fixtures.case_a
assigned_case = cases_fixtures.assigned_case
social_project_case = cases_fixtures.social_project_case

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- the endpoint ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as env:
        # Dummy credentials, and nothing from the machine's own AWS configuration.
        env.setenv("AWS_ACCESS_KEY_ID", "prova")
        env.setenv("AWS_SECRET_ACCESS_KEY", "prova")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.delenv("AWS_PROFILE", raising=False)
        env.delenv("AWS_SESSION_TOKEN", raising=False)
        env.setenv("AWS_CONFIG_FILE", "/nonexistent")
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
        env.setenv("NO_PROXY", "127.0.0.1")
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            url = f"http://{host}:{port}"
            boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(
                Bucket=BUCKET
            )
            yield url
        finally:
            server.stop()


def settings_py_storage(endpoint_url: str) -> dict:
    """STORAGES["default"] as settings.py builds it from the AMBITO_S3_* variables (read in a
    fresh interpreter: settings are read once per process)."""
    env = {
        **os.environ,
        "AMBITO_TESTING": "1",
        "AMBITO_S3_BUCKET": BUCKET,
        "AMBITO_S3_ENDPOINT_URL": endpoint_url,
        "AMBITO_S3_REGION": "us-east-1",
        "AMBITO_S3_PREFIX": PREFIX,
    }
    script = "import json, ambito.settings as s; print(json.dumps(s.STORAGES['default']))"
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def s3_storage_setting(s3_endpoint) -> dict:
    storage = settings_py_storage(s3_endpoint)
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": s3_endpoint,
            "region_name": "us-east-1",
            "location": PREFIX,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    return storage


@pytest.fixture(params=["local", "s3"])
def backend(request, settings, tmp_path):
    """The default storage on a temporary folder, or on the bucket (the folder then stays
    empty: nothing is written where a second app server would not see it)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "s3":
        storage = request.getfixturevalue("s3_storage_setting")
        settings.STORAGES = {**settings.STORAGES, "default": storage}
    yield request.param
    if request.param == "local":
        return
    assert not (tmp_path / "media").exists()


def bucket_objects(url: str) -> dict[str, bytes]:
    s3 = boto3.client("s3", endpoint_url=url, region_name="us-east-1")
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=f"{PREFIX}/").get("Contents", [])
    return {
        item["Key"]: s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read() for item in listed
    }


@pytest.fixture
def opened(monkeypatch):
    """What the download helper opened, to check that it is closed once served."""
    from ambito.core import files

    streams = []
    real = files._open

    def spy(name):
        stream, size = real(name)
        streams.append(stream)
        return stream, size

    monkeypatch.setattr(files, "_open", spy)
    return streams


def body(response, opened) -> bytes:
    assert opened and not any(stream.closed for stream in opened)
    content = b"".join(response.streaming_content)
    # Closed as a WSGI server closes it, but without request_finished's connection cleanup,
    # which would close the test's own database connection on PostgreSQL (Django's test
    # client does the same for the responses it streams).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert all(stream.closed for stream in opened)  # what the view opened, it closes
    return content


def test_the_storage_follows_the_settings(backend):
    from django.core.files.storage import FileSystemStorage
    from storages.backends.s3 import S3Storage

    expected = S3Storage if backend == "s3" else FileSystemStorage
    assert isinstance(storages["default"], expected)
    assert isinstance(default_storage, expected)  # the lazy object was reset too
    assert isinstance(CaseDocument._meta.get_field("file").storage, expected)


# --- case documents and signed scans through the real views ---------------------------------


def audit_rows(user, case):
    return list(
        AccessLog.objects.filter(user=user, object_uuid=case.uuid)
        .order_by("pk")
        .values_list("action", "object_type", "person_id", "detail", "flagged", "reason")
    )


def test_a_case_document_is_stored_and_served_back_with_its_audit_row(
    backend, request, client, assigned_case, social_worker_a, opened
):
    client.force_login(social_worker_a)
    url = f"/cartelle/{assigned_case.uuid}/documenti/"
    response = client.post(
        url,
        {
            "documento-kind": "isee",
            "documento-dated": timezone.localdate().isoformat(),
            "documento-title": "ISEE 2026",
            "documento-file": SimpleUploadedFile("Rossi Mario ISEE.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert document.file.name.startswith("cartelle/documenti/")
    if backend == "s3":
        objects = bucket_objects(request.getfixturevalue("s3_endpoint"))
        assert objects[f"{PREFIX}/{document.file.name}"] == PDF
    else:
        assert default_storage.open(document.file.name).read() == PDF

    AccessLog.objects.all().delete()
    download = client.get(f"{url}{document.uuid}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(PDF))
    assert download["Content-Disposition"] == (
        f'attachment; filename="documento-{document.uuid}.pdf"'
    )
    assert "no-store" in download["Cache-Control"]  # never kept by a browser or a proxy
    assert body(download, opened) == PDF
    # The same audit as on disk: the read of the case and the read of the document.
    person = assigned_case.person_id
    assert audit_rows(social_worker_a, assigned_case) == [
        ("view", "cases.case", person, {}, False, ""),
        ("view", "cases.case", person, {"document": str(document.uuid)}, False, ""),
    ]


def test_a_signed_project_scan_is_stored_and_served_back_with_its_audit_row(
    backend, request, client, social_project_case, social_worker_a, opened
):
    case = social_project_case
    project = services.project_new_version(
        actor=social_worker_a,
        case=case,
        summary="Percorso di autonomia",
        objectives=[{"text": "Trovare lavoro", "indicator": "sì/no", "deadline": None}],
        commitments=[],
    )
    client.force_login(social_worker_a)
    url = f"/cartelle/{case.uuid}/progetto/{project.version}/"
    scan = PDF + b"firmato" * 20_000  # ~140 KB: more than one block on the way out
    response = client.post(
        f"{url}firma/",
        {
            "signed_on": timezone.localdate().isoformat(),
            "scan": SimpleUploadedFile("firmato.pdf", scan),
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.signed_scan.name.startswith("cartelle/progetti/")
    if backend == "s3":
        objects = bucket_objects(request.getfixturevalue("s3_endpoint"))
        assert objects[f"{PREFIX}/{project.signed_scan.name}"] == scan

    AccessLog.objects.all().delete()
    download = client.get(f"{url}firmato/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Length"] == str(len(scan))
    number = case.number.replace("/", "-")
    assert download["Content-Disposition"] == (
        f'attachment; filename="progetto-{number}-v{project.version}-firmato.pdf"'
    )
    chunks = list(download.streaming_content)  # the test client closes it at the end
    assert len(chunks) > 1 and max(len(chunk) for chunk in chunks) <= 64 * 1024
    assert opened and all(stream.closed for stream in opened)
    assert b"".join(chunks) == scan
    person = case.person_id
    assert audit_rows(social_worker_a, case) == [
        ("view", "cases.case", person, {}, False, ""),
        (
            "view",
            "cases.case",
            person,
            {"project": project.version, "file": "signed_scan"},
            False,
            "",
        ),
    ]


def test_another_team_gets_no_document_and_leaves_no_document_read(
    backend, client, assigned_case, social_worker_a, social_worker_b
):
    services.document_add(
        actor=social_worker_a,
        case=assigned_case,
        kind="isee",
        dated=timezone.localdate(),
        title="ISEE",
        upload=SimpleUploadedFile("isee.pdf", PDF),
    )
    document = CaseDocument.objects.get()
    client.force_login(social_worker_b)
    assert (
        client.get(f"/cartelle/{assigned_case.uuid}/documenti/{document.uuid}/").status_code == 404
    )
    assert not AccessLog.objects.filter(user=social_worker_b, detail__has_key="document").exists()


def test_a_reasoned_read_of_a_document_is_flagged_with_its_reason(
    backend, client, assigned_case, social_worker_a, social_worker_b, opened
):
    from datetime import timedelta

    services.document_add(
        actor=social_worker_a,
        case=assigned_case,
        kind="court",
        dated=timezone.localdate(),
        title="Decreto",
        upload=SimpleUploadedFile("decreto.pdf", PDF),
    )
    document = CaseDocument.objects.get()
    client.force_login(social_worker_b)
    session = client.session
    session["reasoned_access"] = {
        f"cases.case:{assigned_case.uuid}": {
            "reason": "Sostituzione per ferie della collega",
            "until": (timezone.now() + timedelta(minutes=10)).isoformat(),
        }
    }
    session.save()
    download = client.get(f"/cartelle/{assigned_case.uuid}/documenti/{document.uuid}/")
    assert download.status_code == 200 and body(download, opened) == PDF
    reason = "Sostituzione per ferie della collega"
    rows = audit_rows(social_worker_b, assigned_case)
    assert rows[-1] == (
        "view",
        "cases.case",
        assigned_case.person_id,
        {"document": str(document.uuid)},
        True,
        reason,
    )
    assert all(flagged and why == reason for *_, flagged, why in rows)


def test_deleting_the_demo_deletes_its_stored_files_once_committed(
    backend, assigned_case, social_worker_a, django_capture_on_commit_callbacks
):
    from ambito.demo.builder import demo_delete
    from ambito.demo.data import DEMO_ZONE_CODES

    zone = assigned_case.zone
    zone.code = DEMO_ZONE_CODES[0]  # the fixtures' zone stands for a demo zone
    zone.save(update_fields=["code"])
    services.document_add(
        actor=social_worker_a,
        case=assigned_case,
        kind="isee",
        dated=timezone.localdate(),
        title="ISEE",
        upload=SimpleUploadedFile("isee.pdf", PDF),
    )
    kept = default_storage.save(f"reports/{uuid.uuid4()}.csv", ContentFile(b"altro"))
    name = CaseDocument.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        demo_delete()
    assert default_storage.exists(name)  # nothing goes before the commit
    for callback in callbacks:
        callback()
    assert not CaseDocument.objects.exists()
    assert not default_storage.exists(name) and default_storage.exists(kept)


def test_a_document_whose_row_fails_leaves_no_file_behind(
    backend, monkeypatch, assigned_case, social_worker_a
):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    def stored() -> set[str]:
        try:
            return set(default_storage.listdir("cartelle/documenti")[1])
        except FileNotFoundError:
            return set()

    before = stored()  # the bucket is shared by the module's tests
    monkeypatch.setattr(services, "log_event", broken)
    with pytest.raises(RuntimeError):
        services.document_add(
            actor=social_worker_a,
            case=assigned_case,
            kind="isee",
            dated=timezone.localdate(),
            title="ISEE",
            upload=SimpleUploadedFile("isee.pdf", PDF),
        )
    assert not CaseDocument.objects.exists()
    assert stored() == before


# --- the shared helper -------------------------------------------------------------------------


def test_a_generated_report_is_served_with_its_italian_name_and_guessed_type(backend, opened):
    content = "Comune;Importo\nCittà di Pistoia;1.234,56\n".encode()
    name = default_storage.save(f"reports/{uuid.uuid4()}.csv", ContentFile(content))
    response = stream_stored_file(name, filename="Relazione attività – città.csv")
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"] == (
        'attachment; filename="Relazione attivita citta.csv"; '
        "filename*=UTF-8''Relazione%20attivit%C3%A0%20%E2%80%93%20citt%C3%A0.csv"
    )
    assert body(response, opened) == content


@pytest.mark.parametrize("backend", ["s3"], indirect=True)
def test_from_the_bucket_the_body_is_passed_on_without_a_whole_copy(backend, monkeypatch, opened):
    from storages.backends.s3 import S3File

    content = bytes(range(256)) * 1024  # 256 KB
    name = default_storage.save(f"reports/{uuid.uuid4()}.pdf", ContentFile(content))

    def whole_copy(self):
        raise AssertionError("the whole object was downloaded before streaming")

    # django-storages' S3File reads through `file`: a temporary copy of the whole object.
    monkeypatch.setattr(S3File, "file", property(whole_copy))
    response = stream_stored_file(name, filename="relazione.pdf")
    assert response["Content-Length"] == str(len(content))
    chunks = list(response.streaming_content)
    response.close()
    assert len(chunks) == 4 and b"".join(chunks) == content
    assert all(stream.closed for stream in opened)


def test_an_explicit_type_wins_and_an_unknown_one_is_octet_stream(backend, opened):
    name = default_storage.save(f"reports/{uuid.uuid4()}.bin", ContentFile(b"\x00\x01"))
    response = stream_stored_file(name, filename="x.pdf", content_type="image/png")
    assert response["Content-Type"] == "image/png"
    response.close()
    opened.clear()
    response = stream_stored_file(name, filename="dati")
    assert response["Content-Type"] == "application/octet-stream"
    assert body(response, opened) == b"\x00\x01"


def test_a_missing_stored_file_is_a_404(backend):
    with pytest.raises(Http404):
        stream_stored_file("reports/non-esiste.pdf", filename="relazione.pdf")


@pytest.mark.parametrize(
    ("filename", "header"),
    [
        ("relazione.pdf", 'attachment; filename="relazione.pdf"'),
        (
            "perché.pdf",
            "attachment; filename=\"perche.pdf\"; filename*=UTF-8''perch%C3%A9.pdf",
        ),
        # Quotes, backslashes, folders and line breaks never reach the header as they are.
        (
            '../../etc/"a"\\b\r\nSet-Cookie: x.pdf',
            "attachment; filename=\"bSet-Cookie_ x.pdf\"; filename*=UTF-8''bSet-Cookie%3A%20x.pdf",
        ),
        (
            'il "progetto".pdf',
            "attachment; filename=\"il _progetto_.pdf\"; filename*=UTF-8''il%20%22progetto%22.pdf",
        ),
        (
            "τέλος.pdf",
            'attachment; filename="file.pdf"; '
            "filename*=UTF-8''%CF%84%CE%AD%CE%BB%CE%BF%CF%82.pdf",
        ),
        ("", 'attachment; filename="file"'),
    ],
)
def test_content_disposition(filename, header):
    assert content_disposition(filename) == header
