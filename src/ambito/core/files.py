"""Stored files served to the browser: one way for every download (case documents, signed
project scans, generated reports).

Files live in Django's default storage: the MEDIA_ROOT folder, or an S3-compatible bucket
when AMBITO_S3_BUCKET is set (settings.py). Downloads stream through the app, never through
a presigned URL: the view that calls this checks access and writes the audit row first, and
a link that worked without our session would escape both (docs/decisions.md, issue 16).

From a bucket the object's body is passed on as it arrives, in blocks: the app server holds
neither the whole file in memory nor a copy on its disk (django-storages' own S3File would
download the whole object into a temporary file before the first byte goes out).
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
import re
import unicodedata
from contextlib import contextmanager
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

logger = logging.getLogger(__name__)

FALLBACK_TYPE = "application/octet-stream"
# Characters kept in the ASCII fallback name (`filename="..."`) for clients that ignore
# `filename*`; anything else becomes "_".
_UNSAFE_ASCII = re.compile(r"[^A-Za-z0-9 ._()\-'+,]")


class StoredFileResponse(FileResponse):
    # Larger blocks than FileResponse's 4 KB: fewer reads from the bucket's connection.
    block_size = 64 * 1024


def stream_stored_file(
    storage_name: str, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """The stored file `storage_name` as an attachment named `filename` (accents and all).

    The content type is `content_type`, or guessed from `filename` (then from the stored
    name). A stored file that is missing is a 404 (and an error in the log: a record points
    at nothing). The response closes what it opened when the server is done with it.
    """
    try:
        stream, size = _open(storage_name)
    except FileNotFoundError:
        logger.error("stored file missing: %s", storage_name)
        raise Http404("Il file non è disponibile.") from None
    content_type = content_type or guess_type(filename) or guess_type(storage_name)
    response = StoredFileResponse(stream, content_type=content_type or FALLBACK_TYPE)
    if size is not None and "Content-Length" not in response:
        response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@contextmanager
def deleted_if_failed(storage_name: str):
    """Around what records a file just saved: if that fails (and the row is rolled back), the
    file goes too instead of staying in the storage with nothing pointing at it."""
    try:
        yield
    except BaseException:
        try:
            default_storage.delete(storage_name)
        except Exception:
            logger.warning("stored file not deleted: %s", storage_name, exc_info=True)
        raise


def delete_stored_on_commit(names) -> None:
    """Delete these stored files once the current transaction commits (Django never deletes
    a FileField's file with its row). Not before: a rollback would keep rows whose files are
    gone. A file that cannot be deleted is logged, never an error of the caller."""
    from django.db import transaction

    names = [name for name in names if name]
    if not names:
        return

    def delete() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:
                logger.warning("stored file not deleted: %s", name, exc_info=True)

    transaction.on_commit(delete)


def guess_type(filename: str) -> str | None:
    return mimetypes.guess_type(filename, strict=False)[0]


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    """A Content-Disposition header for `filename` (RFC 6266): a plain `filename="..."` when
    the name is ASCII, otherwise an ASCII fallback ("relazione-citta.pdf") and the real name
    as `filename*=UTF-8''...` ("relazione-città.pdf"). No folders, quotes, backslashes or
    control characters survive."""
    name = posixpath.basename(filename.replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    name = unicodedata.normalize("NFC", name) or "file"
    fallback = _ascii(name)
    stem, dot, extension = fallback.rpartition(".") if "." in fallback else (fallback, "", "")
    if not stem.strip("._ "):  # nothing Latin in the name: "file" and its extension
        fallback = f"file{dot}{extension}"
    disposition = "attachment" if attachment else "inline"
    if fallback == name:
        return f'{disposition}; filename="{name}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_UNSAFE_ASCII.sub("_", plain).split())


def _open(storage_name: str):
    """A readable, closable object for the stored file and its size when known up front
    (FileResponse measures local files itself)."""
    file = default_storage.open(storage_name, "rb")
    s3_file = _s3_file_class()
    if s3_file is None or not isinstance(file, s3_file):
        return file, None
    try:
        got = file.obj.get()
    except Exception as exc:
        file.close()
        if _is_missing(exc):
            raise FileNotFoundError(storage_name) from exc
        raise
    return _ObjectBody(got["Body"], file), got.get("ContentLength")


def _s3_file_class():
    try:
        from storages.backends.s3 import S3File
    except ImportError:  # pragma: no cover - django-storages is a dependency
        return None
    return S3File


def _is_missing(exc: Exception) -> bool:
    response = getattr(exc, "response", None) or {}
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return status == 404 or response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}


class _ObjectBody:
    """An object's body read from the bucket as it arrives. No `tell`/`seek`: FileResponse
    then streams it as it is, and the length comes from the object's metadata."""

    def __init__(self, body, file):
        self._body = body
        self._file = file
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        return self._body.read(None if size is None or size < 0 else size)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        try:
            self._body.close()
        finally:
            self._file.close()


def file_response(
    content: bytes, filename: str, content_type: str, *, attachment: bool = True
) -> HttpResponse:
    """Bytes made here (an export, a PDF) as a download named `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, attachment=attachment)
    return response
