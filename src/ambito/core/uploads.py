"""Uploaded files (a case's signed projects and documents, the network's signed acts, minutes
and shared documents): checked by size and by their first bytes (what the file is, not what
its name or the browser say)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# A file that is a PDF by its first bytes and an HTML page further on (a polyglot) would run
# its script if a browser ever rendered it: markup anywhere in the first kilobytes refuses it.
ACTIVE_MARKERS = (
    b"<html",
    b"<script",
    b"<!doctype",
    b"<svg",
    b"<body",
    b"<iframe",
    b"<object",
    b"<embed",
    b"<?xml",
)
SNIFFED_BYTES = 4096


def stored_name(content_type: str) -> str:
    """A stored file's name: a fresh UUID and the extension of what the file is, never the
    name the user gave it (which may carry personal data or a misleading extension)."""
    import uuid

    return f"{uuid.uuid4()}.{EXTENSIONS[content_type]}"


def download_name(prefix: str, content_type: str) -> str:
    return f"{prefix}.{EXTENSIONS.get(content_type, 'bin')}"


def checked_upload(upload, field: str) -> str:
    """The content type of an acceptable upload; ValidationError in Italian otherwise."""
    if upload is None:
        raise ValidationError({field: "Scegli il file da caricare."})
    if upload.size == 0:
        raise ValidationError({field: "Il file è vuoto."})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                field: f"Il file è troppo grande ({upload.size / 1024 / 1024:.1f} MB): il "
                f"massimo è {MAX_UPLOAD_BYTES // 1024 // 1024} MB.".replace(".", ",", 1)
            }
        )
    upload.seek(0)
    head = upload.read(SNIFFED_BYTES)
    upload.seek(0)
    if any(marker in head.lower() for marker in ACTIVE_MARKERS):
        raise ValidationError(
            {
                field: "Il file contiene codice HTML o script: carica un PDF o un'immagine "
                "JPEG o PNG."
            }
        )
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        {field: "Tipo di file non ammesso: carica un PDF o un'immagine JPEG o PNG."}
    )
