from datetime import date

import pytest
from codicefiscale import codicefiscale as reference
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from ambito.core import fiscal_code

names = st.text(alphabet="ABCDEFGHILMNOPRSTUVZàèéìòù' -", min_size=2, max_size=20).filter(
    lambda value: len(fiscal_code.name_key(value)) >= 2
)
birth_dates = st.dates(min_value=date(1940, 1, 1), max_value=date(2025, 12, 31))
places = st.sampled_from(["G713", "H109", "D142", "E715", "Z100", "Z330"])


@settings(max_examples=200, deadline=None)
@given(last=names, first=names, sex=st.sampled_from("MF"), born=birth_dates, place=places)
def test_our_encoding_agrees_with_python_codicefiscale_and_decodes_back(
    last, first, sex, born, place
):
    code = fiscal_code.encode(
        last_name=last, first_name=first, sex=sex, birth_date=born, birth_place_code=place
    )
    assert reference.is_valid(code)
    decoded = fiscal_code.validate(code)
    assert (decoded.birth_date, decoded.sex, decoded.birth_place_code) == (born, sex, place)
    assert not decoded.is_omocode


@settings(max_examples=100, deadline=None)
@given(born=birth_dates, level=st.integers(min_value=1, max_value=7))
def test_every_omocodia_level_is_valid_and_decodes_to_the_same_person(born, level):
    code = fiscal_code.encode(
        last_name="Rossi", first_name="Maria", sex="F", birth_date=born, birth_place_code="G713"
    )
    variant = fiscal_code.omocode_variant(code, level)
    decoded = fiscal_code.validate(variant)
    assert decoded.is_omocode
    assert decoded.birth_date == born


@settings(max_examples=200, deadline=None)
@given(position=st.integers(min_value=0, max_value=14), replacement=st.sampled_from("ABXZ0179"))
def test_any_single_character_change_is_caught(position, replacement):
    code = "RSSMRA80A01G713F"
    changed = code[:position] + replacement + code[position + 1 :]
    if changed == code:
        return
    with pytest.raises(ValidationError):
        fiscal_code.validate(changed)


def test_lower_case_and_spaces_are_accepted():
    assert fiscal_code.validate(" rssmra 80a01 g713f ").code == "RSSMRA80A01G713F"


def test_a_place_code_that_does_not_exist_is_explained():
    body = "RSSMRA80A01Z999"
    with pytest.raises(ValidationError, match="luogo di nascita"):
        fiscal_code.validate(body + fiscal_code.check_character(body))


def test_an_impossible_date_is_explained():
    body = "RSSMRA80B31G713"  # 31 February
    with pytest.raises(ValidationError, match="data di nascita"):
        fiscal_code.validate(body + fiscal_code.check_character(body))
