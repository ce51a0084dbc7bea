"""Uploaded files of a case (signed projects, documents): checked by size and by their first
bytes (what the file is, not what its name or the browser say)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
}


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
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    raise ValidationError(
        {field: "Tipo di file non ammesso: carica un PDF o un'immagine JPEG o PNG."}
    )
