"""Alphabetical order as a French reader expects it: « Épicerie » between « Dupont » and « Fabre », not after
« Zoé »; « de Vries » among the D, whatever the case.

Both databases sort text by its bytes unless the server was set up in a French locale (PostgreSQL's default
cluster on Debian in a container is C.UTF-8; SQLite always does). ``alphabetical(column)`` is compiled per
database:

- PostgreSQL: ``column COLLATE idmix_french``, ICU's French order (the collation is made by migration
  0038, which also indexes the people's names in that order: a page of the people list reads 25 entries of
  the index instead of sorting 20 000 names);
- SQLite: the folded text (lower case, accents dropped: ``shared.search.folded``, the same fold the search
  uses), then the text itself, so that equal folds keep a stable order (« Elodie » before « Élodie »).

``sort_key`` gives the same order in Python.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.sql.functions import FunctionElement

from shared.search import fold, folded

COLLATION = "idmix_french"  # PostgreSQL: CREATE COLLATION idmix_french (provider = icu, locale = 'fr-FR')


class _ascending(FunctionElement):
    """One ORDER BY term of a text column in dictionary order (several terms on SQLite)."""

    type = String()
    inherit_cache = True
    name = "alphabetical"
    direction = ""


class _descending(_ascending):
    inherit_cache = True
    direction = " DESC"


@compiles(_ascending)
def _generic(element, compiler, **kw):
    column = compiler.process(element.clauses, **kw)
    return f"{compiler.process(folded(*element.clauses), **kw)}{element.direction}, {column}{element.direction}"


@compiles(_ascending, "postgresql")
def _postgresql(element, compiler, **kw):
    return f"{compiler.process(element.clauses, **kw)} COLLATE {COLLATION}{element.direction}"


def _is_text(expression) -> bool:
    """A text column (not an expression built on one, such as ``desc(column)``: it is ordered as given)."""
    return isinstance(expression, ColumnClause) and isinstance(expression.type, String)


def alphabetical(*columns, descending: bool = False) -> list:
    """ORDER BY terms for ``columns``: each text column in dictionary order; other columns as given."""
    terms = []
    for column in columns:
        expression = column.expression if hasattr(column, "expression") else column
        if _is_text(expression):
            terms.append((_descending if descending else _ascending)(expression))
        elif isinstance(expression, ColumnClause):
            terms.append(column.desc() if descending else column)
        else:
            terms.append(column)  # an order already built (``desc(column)``, a comparison): as given
    return terms


def sort_key(text: str | None) -> tuple[str, str]:
    """The same order in Python: ``sorted(names, key=sort_key)``."""
    return fold(text or ""), text or ""
