"""What every API router shares: the error bodies (see core/api_errors.py, which produces
them) and the permission check of an endpoint."""

from ninja import Field, Schema
from ninja.errors import HttpError

FORBIDDEN = "Permesso negato."


class ErrorOut(Schema):
    detail: str = Field(..., description="Spiegazione dell'errore, in italiano.")


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | list[dict]


READ_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 422: ValidationErrorOut}


def require_zone_permission(request, perm: str) -> None:
    """403 unless the user has the permission and works in a zone."""
    if not request.user.has_perm(perm) or request.user.zone_id is None:
        raise HttpError(403, FORBIDDEN)
