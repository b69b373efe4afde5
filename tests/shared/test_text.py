"""Text from outside never carries control characters, bidirectional controls included.

U+202E (RIGHT-TO-LEFT OVERRIDE) shows what follows it backwards on a screen or in an export:
a first name, an opinion or a comment must look the same everywhere, so these never reach stored text.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.errors import DomainError
from shared.text import BIDI_CONTROLS, clean_text, strip_control_characters

BIDI = ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
        "\u2068", "\u2069"]


@pytest.mark.parametrize("char", BIDI)
def test_every_bidirectional_control_is_removed(char):
    assert strip_control_characters(f"Zo{char}é") == "Zoé"
    assert clean_text(f" {char}Atelier{char} ", limit=80, field="name", label="le nom") == "Atelier"


def test_a_text_made_only_of_controls_is_empty():
    with pytest.raises(DomainError, match="Indiquez le nom"):
        clean_text("\u202e\u2066\x00", limit=80, field="name", label="le nom", required=True)


def test_letters_of_right_to_left_scripts_stay():
    assert strip_control_characters("سلام عليكم – שלום") == "سلام عليكم – שלום"


def test_line_breaks_and_tabs_stay():
    assert strip_control_characters("un\tdeux\ntrois\r\n") == "un\tdeux\ntrois\r\n"


@given(st.text())
def test_no_control_survives(value):
    cleaned = strip_control_characters(value)
    assert not any(ch in BIDI_CONTROLS for ch in cleaned)
    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in cleaned)
