"""Flask-Admin's English wording, to find on a page: its msgids, read from its own catalogue.

A msgid is split at its placeholders (``%(name)s``); each literal piece of at least two letters is looked
for as whole words, case-sensitively, in the text a user reads (the page's text and the attributes shown
as tooltips, placeholders, button labels and confirmations).
"""

from __future__ import annotations

import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import flask_admin
from babel.messages.pofile import read_po

CATALOGUE = Path(flask_admin.__file__).parent / "translations" / "fr" / "LC_MESSAGES" / "admin.po"
SHOWN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-placeholder", "onclick", "data-confirm",
                    "data-original-title"}
# Also French words: flagged only when they are a label on their own (« Export », « Export CSV »), not in
# French text such as « Export des données personnelles ».
FRENCH_HOMOGRAPHS = {"Export"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\}|\\'|\"")


@cache
def english_msgids() -> tuple[str, ...]:
    with CATALOGUE.open("rb") as po:
        catalog = read_po(po)
    found = set()
    for message in catalog:
        for msgid in (message.id if isinstance(message.id, tuple) else (message.id,)):
            found.add(msgid)
    found.discard("")
    return tuple(sorted(found))


@cache
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    patterns = []
    for msgid in english_msgids():
        if msgid in FRENCH_HOMOGRAPHS:
            patterns.append((msgid, re.compile(r"^\s*" + re.escape(msgid) + r"( [A-Z]+)?\s*$", re.MULTILINE)))
            continue
        for piece in PLACEHOLDER.split(msgid):
            piece = piece.strip(" .:")
            if sum(c.isalpha() for c in piece) >= 2:
                patterns.append((msgid, re.compile(r"(?<![\w-])" + re.escape(piece) + r"(?![\w-])")))
    return tuple(patterns)


class _ShownText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style") and attrs.get("type") != "application/json":
            self._skip += 1
        for name, value in attrs.items():
            if value and (name in SHOWN_ATTRIBUTES or (name == "value" and attrs.get("type") in ("submit", "button"))):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.extend(json_strings(data))


def json_strings(data: str) -> list[str]:
    """Data Flask-Admin hides in the page as JSON (the filters' operators): its strings, one a line."""
    if not data.lstrip().startswith(("{", "[")):
        return [data]
    try:
        value = json.loads(data)
    except ValueError:
        return [data]
    found: list[str] = []

    def walk(item):
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for key, inner in item.items():
                walk(key)
                walk(inner)
        elif isinstance(item, list):
            for inner in item:
                walk(inner)

    walk(value)
    return found


def shown_text(html: str) -> str:
    parser = _ShownText()
    parser.feed(html)
    return "\n".join(parser.parts)


# Flask-Admin's yes/no icon, whose tooltip is the column's name and Python's word: « active: true ».
BOOLEAN_TOOLTIP = re.compile(r"(?<![\w-])\w+: (?:true|false)\b")


def english_in_text(text: str) -> list[str]:
    """Flask-Admin's English msgids whose words appear in ``text`` (already what a user reads), and its yes/no
    tooltips."""
    found = {msgid for msgid, pattern in _patterns() if pattern.search(text)}
    return sorted(found | set(BOOLEAN_TOOLTIP.findall(text)))


def english_on_page(html: str) -> list[str]:
    return english_in_text(shown_text(html))
