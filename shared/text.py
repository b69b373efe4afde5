"""Text from outside (forms, imports): no NUL or other control characters, except tab and line breaks.

No field needs them; PostgreSQL refuses NUL in text, and the others hide text on screens and in exports.
Bidirectional controls go too (U+202E, RIGHT-TO-LEFT OVERRIDE, shows the
characters after it backwards on a screen or in a CSV export):
the letters of right-to-left scripts stay, and the browser orders them by itself.
"""

from __future__ import annotations

import re

# ALM, LRM, RLM; the embeddings and overrides LRE, RLE, PDF, LRO, RLO; the isolates LRI, RLI, FSI, PDI.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f{BIDI_CONTROLS}]")


def strip_control_characters(value: str) -> str:
    return _CONTROL.sub("", value)


_SPACE_BEFORE = re.compile(r"[ \t]+([:;!?»])")
_SPACE_AFTER = re.compile(r"«[ \t]+")
NO_BREAK_SPACE = "\u00a0"


def french_spacing(text: str) -> str:
    """Typed text spaced the French way, as a word processor corrects it while one types: a space typed before
    ``: ; ! ?`` or ``»``, or after ``«``, becomes a no-break space, so that the sign never starts a line."""
    text = _SPACE_BEFORE.sub(NO_BREAK_SPACE + r"\1", text)
    return _SPACE_AFTER.sub("«" + NO_BREAK_SPACE, text)


def plain_spacing(text: str) -> str:
    """Ordinary spaces only, for an SMS: a no-break space is not in the GSM alphabet, and one would make the
    whole SMS Unicode, 70 characters a part instead of 160."""
    return text.replace(NO_BREAK_SPACE, " ").replace("\u202f", " ")


# The longest text each kind of field takes: what fits the lists, the dashboard, the sign-in sheet
# and the printed A4 contract. A name longer than that is a typing accident, never a person.
NAME = 80          # first name, last name, a theme, a group's name
SHORT = 120        # town, place, district, a session's title, an e-mail address
LINE = 300         # one sentence: an objective, a reason, a cancellation motive
TEXT = 4000        # a paragraph: expectations, comments, reviews


def clean_text(value: str | None, *, limit: int, field: str, label: str, required: bool = False) -> str | None:
    """Typed text without control characters or surrounding spaces, spaced the French way (``french_spacing``),
    within ``limit`` characters.

    Raises ``DomainError`` on ``field`` (French message) when it is too long, or empty and required.
    """
    from shared.errors import DomainError

    text = french_spacing(strip_control_characters(value or "").strip())
    if not text:
        if required:
            raise DomainError(f"Indiquez {label}.", field=field)
        return None
    if len(text) > limit:
        raise DomainError(f"Texte trop long pour {label} : {limit} caractères au plus ({len(text)} saisis).",
                          field=field)
    return text


# French elision and contraction before a name: « d'ID'MIX », « au Centre Médico-Social ».
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"
# Place words the groups' addresses start with, and « à » + their article.
_AT_PLACE = {"centre": "au", "cms": "au", "pôle": "au", "local": "au", "foyer": "au", "point": "au",
             "musée": "au", "parc": "au", "jardin": "au", "gymnase": "au", "théâtre": "au", "relais": "au",
             "bureau": "au", "siège": "au", "ccas": "au", "château": "au", "marché": "au",
             "maison": "à la", "médiathèque": "à la", "salle": "à la", "mairie": "à la", "bibliothèque": "à la",
             "cité": "à la", "ferme": "à la", "résidence": "à la", "mjc": "à la", "permanence": "à la",
             "ludothèque": "à la", "cuisine": "à la", "maison-relais": "à la",
             "espace": "à l'", "antenne": "à l'", "agence": "à l'", "hôtel": "à l'", "atelier": "à l'",
             "école": "à l'", "épicerie": "à l'", "association": "à l'", "unité": "à l'"}
_ARTICLES = {"le": "au", "la": "à la", "les": "aux", "l'": "à l'", "l’": "à l'"}


def of_name(name: str) -> str:
    """« de » before a name, elided before a vowel: « de Villeneuve », « d'ID'MIX », « d'Évry »."""
    name = name.strip()
    return f"d'{name}" if name[:1].lower() in _VOWELS else f"de {name}"


def at_place(place: str) -> str:
    """« à » before a place, with the article its first word takes: « au Centre Médico-Social »,
    « à la Maison des habitants », « à l'Espace Jean Moulin », « aux Ateliers », « à Villeneuve » (a town).
    A place typed with its article keeps it: « la Maison du quartier » → « à la Maison du quartier »."""
    place = place.strip()
    lowered = place.lower()
    for article, at in _ARTICLES.items():
        if lowered.startswith(article) and (article.endswith(("'", "’")) or lowered[len(article):][:1] == " "):
            rest = place[len(article):].lstrip()
            return f"{at}{rest}" if at.endswith("'") else f"{at} {rest}"
    first = re.split(r"[\s,]", lowered, maxsplit=1)[0]
    if first.endswith("s") and first[:-1] in _AT_PLACE and _AT_PLACE[first[:-1]] != "à la":
        return f"aux {place}"  # « aux Ateliers du Parc »
    at = _AT_PLACE.get(first)
    if at is None:
        return f"à {place}"
    return f"{at}{place}" if at.endswith("'") else f"{at} {place}"


_FRENCH_E164 = re.compile(r"\+33([1-9]\d{8})")
_FRENCH_NATIONAL = re.compile(r"0[1-9]\d{8}")


def readable_phone(value: str | None) -> str:
    """A phone number as people read it, whatever form it was stored in: a French one as « 06 35 94 18 63 »
    (+33635941863 is how the SMS provider needs it), a foreign one as stored; anything else (an e-mail
    address) unchanged."""
    if not value:
        return ""
    digits = re.sub(r"[\s.\-]", "", value)
    found = _FRENCH_E164.fullmatch(digits)
    if found:
        digits = "0" + found[1]
    if _FRENCH_NATIONAL.fullmatch(digits):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    return value
