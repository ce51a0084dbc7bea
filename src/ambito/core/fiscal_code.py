"""Codice fiscale: validation with messages that say what is wrong, decoding, and encoding.

Decoding and omocodia are python-codicefiscale's; the checks before it exist to tell the
operator *which* rule the code breaks (length, characters, date, place, check letter) in
Italian, instead of a generic "not valid".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from codicefiscale import codicefiscale as _cf
from django.core.exceptions import ValidationError

# Omocodia replaces digits with these letters, from the right (Agenzia delle Entrate).
OMOCODE_LETTERS = "LMNPQRSTUV"
MONTH_LETTERS = "ABCDEHLMPRST"
_DIGIT_POSITIONS = (6, 7, 9, 10, 12, 13, 14)
_ODD = {
    **dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            (
                1,
                0,
                5,
                7,
                9,
                13,
                15,
                17,
                19,
                21,
                2,
                4,
                18,
                20,
                11,
                3,
                6,
                8,
                12,
                14,
                16,
                10,
                22,
                25,
                24,
                23,
            ),
            strict=True,
        )
    ),
}
_EVEN = {
    **{str(d): d for d in range(10)},
    **{chr(ord("A") + i): i for i in range(26)},
}


@dataclass(frozen=True)
class DecodedFiscalCode:
    code: str
    sex: str
    birth_date: date
    birth_place_code: str
    birth_place: str
    is_omocode: bool


def normalise(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def check_character(first15: str) -> str:
    total = sum(_ODD[ch] if index % 2 == 0 else _EVEN[ch] for index, ch in enumerate(first15))
    return chr(ord("A") + total % 26)


def _shape_errors(code: str) -> str | None:
    if len(code) != 16:
        return f"Il codice fiscale deve avere 16 caratteri: ne ha {len(code)}."
    if not code.isalnum() or not code.isascii():
        return "Il codice fiscale può contenere solo lettere e cifre, senza spazi o simboli."
    letters_only = (0, 1, 2, 3, 4, 5, 8, 11, 15)
    for position in letters_only:
        if not code[position].isalpha():
            return f"Il carattere in posizione {position + 1} deve essere una lettera."
    for position in _DIGIT_POSITIONS:
        ch = code[position]
        if not (ch.isdigit() or ch in OMOCODE_LETTERS):
            return (
                f"Il carattere in posizione {position + 1} deve essere una cifra "
                "(o una lettera di omocodia L-V)."
            )
    if code[8] not in MONTH_LETTERS:
        return "La lettera del mese di nascita (nona posizione) non è valida."
    return None


def check(value: str) -> str:
    """The normalised code if its shape and check character are right (no decoding: about a
    hundred times faster than `validate`, for bulk imports that match codes already in the
    registry); ValidationError with an Italian message otherwise."""
    code = normalise(value)
    error = _shape_errors(code)
    if error:
        raise ValidationError(error, code="fiscal_code_shape")
    expected = check_character(code[:15])
    if code[15] != expected:
        raise ValidationError(
            f"Il carattere di controllo è errato: con questi primi 15 caratteri "
            f"dovrebbe essere «{expected}», non «{code[15]}».",
            code="fiscal_code_check",
        )
    return code


def validate(value: str) -> DecodedFiscalCode:
    """Return the decoded code or raise ValidationError with an Italian message."""
    code = normalise(value)
    error = _shape_errors(code)
    if error:
        raise ValidationError(error, code="fiscal_code_shape")
    expected = check_character(code[:15])
    if code[15] != expected:
        raise ValidationError(
            f"Il carattere di controllo è errato: con questi primi 15 caratteri "
            f"dovrebbe essere «{expected}», non «{code[15]}». Controlla di averlo digitato bene.",
            code="fiscal_code_check",
        )
    try:
        decoded = _cf.decode(code)
    except ValueError as exc:
        message = str(exc)
        if "birthplace" in message or "birth place" in message:
            text = "Il codice del luogo di nascita non corrisponde a nessun comune o Stato estero."
        elif "birthdate" in message or "date" in message:
            text = "La data di nascita contenuta nel codice fiscale non esiste."
        else:
            text = "Il codice fiscale non è valido."
        raise ValidationError(text, code="fiscal_code_decode") from exc
    place = decoded.get("birthplace") or {}
    return DecodedFiscalCode(
        code=code,
        sex=decoded["gender"],
        birth_date=decoded["birthdate"].date(),
        birth_place_code=place.get("code", ""),
        birth_place=place.get("name", ""),
        # decode() lists the variants with the plain code first; asking is_omocode() would
        # decode the whole code a second time.
        is_omocode=code != decoded["omocodes"][0],
    )


def name_words(value: str) -> list[str]:
    """Upper-case, accent-free words of a name: "D'Angelo-Niccolò" -> ["DANGELO", "NICCOLO"]."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’`]", "", text).replace("-", " ")
    text = re.sub(r"[^A-Za-z ]", "", text)
    return text.upper().split()


def name_key(value: str) -> str:
    """The search key of a name: its words run together, so "De Luca", "DE LUCA" and
    "Deluca" all find the same person by prefix."""
    return "".join(name_words(value))


# --- encoding, for synthetic data and tests --------------------------------------------
_VOWELS = set("AEIOU")


def _consonants_vowels(name: str) -> tuple[str, str]:
    letters = name_key(name).replace(" ", "")
    return (
        "".join(ch for ch in letters if ch not in _VOWELS),
        "".join(ch for ch in letters if ch in _VOWELS),
    )


def _surname_part(last_name: str) -> str:
    consonants, vowels = _consonants_vowels(last_name)
    return (consonants + vowels + "XXX")[:3]


def _name_part(first_name: str) -> str:
    consonants, vowels = _consonants_vowels(first_name)
    if len(consonants) >= 4:
        consonants = consonants[0] + consonants[2] + consonants[3]
    return (consonants + vowels + "XXX")[:3]


def encode(
    *, last_name: str, first_name: str, sex: str, birth_date: date, birth_place_code: str
) -> str:
    """Compute a codice fiscale (no omocodia). Fast: used to generate a million persons."""
    day = birth_date.day + (40 if sex == "F" else 0)
    body = (
        _surname_part(last_name)
        + _name_part(first_name)
        + f"{birth_date.year % 100:02d}"
        + MONTH_LETTERS[birth_date.month - 1]
        + f"{day:02d}"
        + birth_place_code.upper()
    )
    return body + check_character(body)


def omocode_variant(code: str, level: int = 1) -> str:
    """The omocodia variant that replaces the `level` right-most digits with letters."""
    chars = list(code[:15])
    for position in reversed(_DIGIT_POSITIONS[-level:]):
        chars[position] = OMOCODE_LETTERS[int(chars[position])]
    body = "".join(chars)
    return body + check_character(body)
