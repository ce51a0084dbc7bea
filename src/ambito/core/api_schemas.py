"""What every API router shares: the error bodies (see core/api_errors.py, which produces
them), the responses every operation declares, and the value types of the API's documents.

- `Money`: an amount in euro, always a string with two decimals ("1234.50"), never a float
  nor the database's "593945.520000000"/"0E-9". Inputs stay `Decimal` (number or string).
- `Percent`: a share in per cent, the same shape as Money.
- `ClockTime`: a time of day as "HH:MM" (opening hours), declared as such: JSON Schema's
  `format: time` demands an offset ("09:00:00+01:00") that a wall-clock hour does not have.
- `Ref`: the one reference to an object of the API (UUID and name).
- `Year`, `SmallInt`: bounded integers for query and path parameters (a huge number is a 422
  in Italian, never a database overflow)."""

from datetime import time
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from ninja import Field, Schema
from pydantic import PlainSerializer, WithJsonSchema

MONEY_PATTERN = r"^-?\d+\.\d{2}$"


def _two_places(value: Decimal) -> str:
    return f"{Decimal(value).quantize(Decimal('0.01')):.2f}"


Money = Annotated[
    Decimal,
    PlainSerializer(_two_places, return_type=str, when_used="always"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "description": "Importo in euro, due decimali (es. «1234.50»).",
            "example": "1234.50",
        }
    ),
]

Percent = Annotated[
    Decimal,
    PlainSerializer(_two_places, return_type=str, when_used="always"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": MONEY_PATTERN,
            "description": "Percentuale, due decimali (es. «12.50»).",
            "example": "12.50",
        }
    ),
]

CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"

ClockTime = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M"), return_type=str, when_used="always"),
    WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "example": "09:00"}),
]

Year = Annotated[int, Field(ge=1900, le=2100, description="Anno (AAAA).")]


class Ref(Schema):
    uuid: UUID = Field(description="Identificativo pubblico")
    name: str = Field(description="Denominazione")


class ErrorOut(Schema):
    detail: str = Field(..., description="Spiegazione dell'errore, in italiano.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(..., description="Dove: parte della richiesta e campo.")
    msg: str = Field(..., description="Che cosa correggere, in italiano.")


class ValidationErrorOut(Schema):
    detail: str = Field(..., description="Spiegazione generale.")
    errors: dict[str, list[str]] | list[FieldErrorOut] = Field(
        ...,
        description="Per ogni campo, i messaggi che dicono che cosa correggere "
        "(«__all__» per gli errori che non riguardano un solo campo).",
    )


# Every operation may answer these (core/api_errors.py): a malformed request (400), no or a
# bad credential (401), a refusal (403), an object that does not exist for the caller (404),
# parameters or a body that do not validate (422), and the generic 500.
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    500: ErrorOut,
}
READ_ERRORS = ERRORS
WRITE_ERRORS = ERRORS
