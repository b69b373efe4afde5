"""Our French catalogue over Flask-Admin's: complete, compiled, and typeset the French way."""

from __future__ import annotations

import re

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from backoffice.core.translations import CATALOGUE
from tests.backoffice.english_strings import english_msgids

NBSP = "\u00a0"


def _po():
    with CATALOGUE.open("rb") as po:
        return read_po(po)


def _strings(catalog):
    for message in catalog:
        if message.id:
            yield from (message.string if isinstance(message.string, tuple) else (message.string,))


def _key(value):
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_every_string_of_flask_admin_has_our_french():
    ours = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in _po() if m.id}
    missing = [msgid for msgid in english_msgids() if msgid not in ours and msgid not in
               {m.id[1] for m in _po() if isinstance(m.id, tuple)}]
    assert not missing
    assert all(string and (all(string) if isinstance(string, tuple) else True) for string in ours.values())


def test_the_compiled_catalogue_matches_its_source():
    """The .mo shipped with the code is the .po compiled (pybabel compile -d backoffice/core/translations -D admin)."""
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(mo) if m.id}
    assert compiled == {_key(m.id): _key(m.string) for m in _po() if m.id}


def test_french_typography_no_break_space_before_two_part_punctuation():
    for string in _strings(_po()):
        assert not re.search(r"[ \w»)][:;!?](?!\w)", string), string  # never glued, never a plain space
        assert "  " not in string, string


def test_confirmations_read_by_javascript_have_no_apostrophe():
    """Flask-Admin puts them in a JavaScript string between apostrophes (row delete, bulk delete)."""
    for message in _po():
        if message.id and str(message.id).startswith(("Are you sure", "Please select")):
            assert "'" not in message.string, message.string
