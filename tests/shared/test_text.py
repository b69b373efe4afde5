"""Text from outside never carries control characters, bidirectional controls included.

U+202E (RIGHT-TO-LEFT OVERRIDE) shows what follows it backwards on a screen or in an export:
a first name, an opinion or a comment must look the same everywhere, so these never reach stored text.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.errors import DomainError
from shared.text import (BIDI_CONTROLS, at_place, clean_text, french_spacing, of_name, plain_spacing, readable_phone,
                         strip_control_characters)

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


@pytest.mark.parametrize(("typed", "kept"), [
    ("Que fait-on en avril ?", "Que fait-on en avril\u00a0?"),
    ("Couture : sac en tissu ; cartes !", "Couture\u00a0: sac en tissu\u00a0; cartes\u00a0!"),
    ("Le « jardin  partagé »", "Le «\u00a0jardin  partagé\u00a0»"),
    ("Rendez-vous à 10:30, https://exemple.fr?a=1", "Rendez-vous à 10:30, https://exemple.fr?a=1"),
    ("Déjà\u00a0: juste", "Déjà\u00a0: juste"),
])
def test_typed_text_gets_french_no_break_spaces(typed, kept):
    assert clean_text(typed, limit=300, field="text", label="le texte") == kept


def test_a_line_break_before_a_sign_stays_a_line_break():
    assert french_spacing("Objectifs\n: sortir") == "Objectifs\n: sortir"


@given(st.text(alphabet=st.sampled_from("ab :;!?«»\t\u00a0")))
def test_no_ordinary_space_is_left_beside_a_sign_and_an_sms_gets_them_back(value):
    spaced = french_spacing(value)
    assert not re.search(r"[ \t][:;!?»]|«[ \t]", spaced)
    assert "\u00a0" not in plain_spacing(spaced)


@pytest.mark.parametrize("name, expected", [
    ("ID'MIX", "d'ID'MIX"), ("Villeneuve", "de Villeneuve"), ("Évry", "d'Évry"), ("  Orly ", "d'Orly"),
    ("Hautepierre", "de Hautepierre"),
])
def test_de_is_elided_before_a_vowel(name, expected):
    assert of_name(name) == expected


@pytest.mark.parametrize("place, expected", [
    ("Centre Médico-Social", "au Centre Médico-Social"), ("CMS des Lilas", "au CMS des Lilas"),
    ("Maison des habitants", "à la Maison des habitants"), ("Espace Jean Moulin", "à l'Espace Jean Moulin"),
    ("Ateliers du Parc", "aux Ateliers du Parc"), ("la Maison du quartier", "à la Maison du quartier"),
    ("Le Local", "au Local"), ("l'Atelier", "à l'Atelier"), ("Les Tilleuls", "aux Tilleuls"),
    ("Villeneuve", "à Villeneuve"), ("Orléans", "à Orléans"), ("Salles", "à Salles"),
    ("Lecture", "à Lecture"), ("Lavoir", "à Lavoir"),  # starts like an article, is not one
])
def test_a_place_takes_the_article_of_its_first_word(place, expected):
    assert at_place(place) == expected


@pytest.mark.parametrize("stored, shown", [
    ("+33635941863", "06 35 94 18 63"), ("0635941863", "06 35 94 18 63"), ("06 35 94 18 63", "06 35 94 18 63"),
    ("06.35.94.18.63", "06 35 94 18 63"), ("+3247012345", "+3247012345"), ("awa@example.fr", "awa@example.fr"),
    ("", ""), (None, ""), ("+33035941863", "+33035941863"),
])
def test_a_phone_number_is_shown_as_people_read_it(stored, shown):
    assert readable_phone(stored) == shown
