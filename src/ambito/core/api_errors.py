"""API errors in Italian, with no personal data in them: every answer that is not a success is
the JSON envelope `{"detail": "..."}` (with `errors` for a 422), the 500 included."""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from .permissions import NotAllowed

# Pydantic's error types, in Italian. Anything else keeps a generic message: pydantic's own
# text is English and may quote the input.
SCHEMA_MESSAGES = {
    "missing": "Campo obbligatorio.",
    "string_type": "Deve essere un testo.",
    "string_too_long": "Testo troppo lungo.",
    "string_too_short": "Testo troppo corto.",
    "int_parsing": "Deve essere un numero intero.",
    "int_type": "Deve essere un numero intero.",
    "decimal_parsing": "Deve essere un numero (es. 8500.50).",
    "decimal_type": "Deve essere un numero (es. 8500.50).",
    "float_parsing": "Deve essere un numero.",
    "bool_parsing": "Deve essere true o false.",
    "bool_type": "Deve essere true o false.",
    "date_parsing": "Data non valida: usa il formato AAAA-MM-GG.",
    "date_from_datetime_parsing": "Data non valida: usa il formato AAAA-MM-GG.",
    "date_type": "Data non valida: usa il formato AAAA-MM-GG.",
    "datetime_parsing": "Data e ora non valide (ISO 8601).",
    "uuid_parsing": "Identificativo non valido.",
    "uuid_type": "Identificativo non valido.",
    "enum": "Valore non ammesso.",
    "literal_error": "Valore non ammesso.",
    "json_invalid": "Il corpo della richiesta non è JSON valido.",
    "model_attributes_type": "Il corpo della richiesta deve essere un oggetto JSON.",
    "dict_type": "Il corpo della richiesta deve essere un oggetto JSON.",
    "extra_forbidden": "Campo non previsto.",
    "greater_than_equal": "Valore troppo piccolo.",
    "less_than_equal": "Valore troppo grande.",
    "greater_than": "Valore troppo piccolo.",
    "less_than": "Valore troppo grande.",
    "int_from_float": "Deve essere un numero intero.",
    "list_type": "Deve essere un elenco.",
    "too_long": "Troppi elementi.",
    "too_short": "Troppo pochi elementi.",
    "string_pattern_mismatch": "Formato non valido.",
    "decimal_max_digits": "Numero con troppe cifre.",
    "decimal_max_places": "Troppi decimali (al massimo due).",
    "decimal_whole_digits": "Numero con troppe cifre.",
    "finite_number": "Deve essere un numero finito.",
    "time_parsing": "Ora non valida: usa il formato HH:MM.",
    "value_error": "Valore non valido.",
}


logger = logging.getLogger("ambito.api")

SERVER_ERROR = "Errore interno: riprova più tardi."
BAD_MULTIPART = (
    "Il corpo della richiesta multipart non è leggibile: invia il file come "
    "multipart/form-data (con il boundary nell'intestazione Content-Type)."
)
TOO_BIG = "La richiesta è troppo grande."


def route_name(request) -> str:
    """The route's name (its operation), never the address with its parameters."""
    match = getattr(request, "resolver_match", None)
    return (match.url_name if match else None) or "api"


def schema_message(error: dict) -> str:
    return SCHEMA_MESSAGES.get(error.get("type", ""), "Valore non valido.")


def _messages(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            field: [message for error in errors for message in error.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"__all__": list(exc.messages)}


def install_error_handlers(api) -> None:
    @api.exception_handler(Exception)
    def server_error(request, exc):
        # The class and the route only: the message and the traceback may carry personal data.
        logger.error("API error %s on %s", type(exc).__name__, route_name(request))
        return api.create_response(request, {"detail": SERVER_ERROR}, status=500)

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc):
        return api.create_response(request, {"detail": BAD_MULTIPART}, status=400)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(request, {"detail": TOO_BIG}, status=400)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

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
                    {"loc": list(error.get("loc", [])), "msg": schema_message(error)}
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

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        # Our services' refusals are written in Italian and name no person; a hidden refusal
        # is a 404, as on the pages (core/permissions.py).
        if isinstance(exc, NotAllowed):
            return api.create_response(
                request, {"detail": exc.public_message}, status=exc.status_code
            )
        return api.create_response(request, {"detail": str(exc) or "Permesso negato."}, status=403)
