"""API errors in Italian, with no personal data in them."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError


def _messages(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            field: [message for error in errors for message in error.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"__all__": list(exc.messages)}


def install_error_handlers(api) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        return api.create_response(
            request, {"detail": "Dati non validi.", "errors": _messages(exc)}, status=422
        )

    @api.exception_handler(NinjaValidationError)
    def schema_error(request, exc):
        return api.create_response(
            request,
            {
                "detail": "Richiesta non valida: controlla i campi inviati.",
                # Location and reason only: echoing the input could echo personal data.
                "errors": [
                    {"loc": list(error.get("loc", [])), "msg": error.get("msg", "")}
                    for error in exc.errors
                ],
            },
            status=422,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "Non trovato."}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(request, {"detail": "Autenticazione richiesta."}, status=401)
