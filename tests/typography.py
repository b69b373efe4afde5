"""French typography on a page, as a reader sees it: a no-break space before « : ; ! ? » and inside « », never
an ordinary space (the line may break there, leaving the sign alone at the start of a line) and never none.

Only what a user reads is checked: the page's text and the attributes shown as tooltips, placeholders, button
labels and confirmations. Not checked: scripts and styles, the hidden templates Flask-Admin copies for a new
inline row, and the text of a message as it will be sent (``data-plain-text``: an SMS keeps ordinary spaces,
see ``shared/messaging/texts.py``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tests.backoffice.english_strings import SHOWN_ATTRIBUTES, json_strings

QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")  # the strings of a confirm('…') in an onclick
SPACE = "[ \t\r\n]"  # breakable: a plain space or the page's line breaks and indentation, never U+00A0/U+202F
FAULTS = re.compile(
    rf"{SPACE}+[\u00a0\u202f]*[:;!?»]"  # a breakable space before the sign (beside a no-break one: two spaces)
    rf"|«{SPACE}"  # … or after an opening guillemet
    r"|[^\W\d_][;!?»](?=[\s\"')]|$)"  # glued to the word before it (not in a URL, a number or a query string)
    r"|[^\W\d_)]:(?=[\s\"')]|$)"  # glued colon, e.g. « Groupe: » (not 10:30 nor https://)
    r"|«\w",
)


class _ShownText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping: str | None = None
        self._depth = 0

    @staticmethod
    def _skipped(tag: str, attrs: dict) -> bool:
        return (tag in ("script", "style", "template") or "data-plain-text" in attrs
                or "inline-field-template" in (attrs.get("class") or ""))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skipping:
            self._depth += tag == self._skipping
            return
        if self._skipped(tag, attrs):
            self._skipping, self._depth = tag, 1
            return
        for name, value in attrs.items():
            if not value:
                continue
            if name in ("onclick", "onsubmit"):  # scripts: only the strings they show
                self.parts.extend(QUOTED.findall(value))
            elif name in SHOWN_ATTRIBUTES or (name == "value" and attrs.get("type") in ("submit", "button")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if self._skipping and tag == self._skipping:
            self._depth -= 1
            if not self._depth:
                self._skipping = None

    def handle_data(self, data):
        if not self._skipping:
            self.parts.extend(json_strings(data))  # Flask-Admin keeps the actions' confirmations as JSON


def typography_faults(html: str) -> list[str]:
    """Each fault with some text around it, as the reader sees it."""
    parser = _ShownText()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for match in FAULTS.finditer(part):
            around = part[max(0, match.start() - 30):match.end() + 15]
            found.append(" ".join(around.split()))
    return found
