"""Searching names the way people type them: « traore », « TRAORE » or « aicha » find « Aïcha Traoré ».

Both sides of a comparison are folded: lower case, accents dropped, ligatures spelled out. In Python
that is ``fold(text)``; in SQL it is ``folded(column)``, compiled per database: on SQLite a call to
``fold`` itself (registered on every connection by ``shared/db.py``), on PostgreSQL ``lower`` then
``translate`` with a table built from ``fold``, so both databases agree without a migration, an
extension or a stored copy of every name.
"""

from __future__ import annotations

import unicodedata

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

SQLITE_FUNCTION = "idmix_fold"
# Letters with no accent to drop (they do not decompose): how a keyboard without them spells them.
SPELLED_OUT = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ħ": "h",
               "ŧ": "t", "ŋ": "n"}


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if lowered in SPELLED_OUT:
        return SPELLED_OUT[lowered]
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Latin letters of Western and Central European names (Latin-1 Supplement, Latin Extended-A).
_ACCENTED = [chr(code) for code in range(0xC0, 0x180) if unicodedata.category(chr(code)).startswith("L")]
_TABLE = {ord(char): _fold_char(char) for char in _ACCENTED if _fold_char(char) != char and _fold_char(char).isascii()}


def fold(text: str | None) -> str | None:
    """« Aïcha TRAORÉ » → « aicha traore »; None stays None (a NULL column)."""
    if text is None:
        return None
    return text.lower().translate(_TABLE)


class folded(FunctionElement):
    """The SQL form of ``fold(column)``."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(folded)
def _folded_generic(element, compiler, **kw):
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, "sqlite")
def _folded_sqlite(element, compiler, **kw):
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


# One character for one: translate() maps them; « œ » and the like need a replace() each.
_SINGLE = {chr(code): value for code, value in _TABLE.items() if len(value) == 1}
_MULTI = {chr(code): value for code, value in _TABLE.items() if len(value) != 1}


@compiles(folded, "postgresql")
def _folded_postgresql(element, compiler, **kw):
    sql = f"lower({compiler.process(element.clauses, **kw)})"
    source, target = "".join(_SINGLE), "".join(_SINGLE.values())
    sql = f"translate({sql}, {_quoted(source)}, {_quoted(target)})"
    for char, value in _MULTI.items():
        sql = f"replace({sql}, {_quoted(char)}, {_quoted(value)})"
    return sql


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def matches(column, word: str):
    """The condition « ``column`` contains ``word`` », both folded, ``%`` and ``_`` typed as such."""
    return folded(column).contains(fold(word), autoescape=True)


def register_sqlite_function(dbapi_connection) -> None:
    """Make ``folded(...)`` available on a raw sqlite3 connection (called on every new connection)."""
    dbapi_connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)
