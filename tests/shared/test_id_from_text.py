"""An id or a number as a URL or a form names it (``shared.db``): ASCII digits only, never a 500 on « ² »."""

import pytest

from shared.db import MAX_ID, id_from_text, number_from_text


@pytest.mark.parametrize("text, number", [("42", 42), (" 7 ", 7), ("0", 0), ("000000000012", 12)])
def test_ascii_digits_are_a_number(text, number):
    assert number_from_text(text) == number


@pytest.mark.parametrize("text", ["", " ", "²", "¹²", "①", "٣", "-1", "+1", "1e3", "1.0", "0x1f", "1 2",
                                  "1234567890123", None, 12, b"12"])
def test_anything_else_is_none(text):
    assert number_from_text(text) is None and id_from_text(text) is None


@pytest.mark.parametrize("text, expected", [("1", 1), (str(MAX_ID), MAX_ID), ("0", None), (str(MAX_ID + 1), None)])
def test_an_id_is_between_one_and_the_largest_the_database_holds(text, expected):
    assert id_from_text(text) == expected
