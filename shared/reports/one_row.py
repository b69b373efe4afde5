"""Several one-row aggregates of the report read in a single SQL statement.

A figure module writes its counts as a one-row aggregate (a ``select()`` of counts, no GROUP BY)
beside the dataclass it fills; ``read_one_row`` runs them all as derived tables joined side by side
(one row joined to one row is one row) and hands each its own row back, by name. The SQL of each
figure stays where the figure is defined; only the round trips are shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import reduce
from typing import Any

from sqlalchemy import Select, case, func, select, true
from sqlalchemy.orm import Session as DbSession


def count_if(condition):
    """How many rows meet ``condition`` (0, not NULL, when there are none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def read_one_row(db: DbSession, parts: Mapping[str, Select]) -> dict[str, dict[str, Any]]:
    """Each one-row ``select()`` of ``parts`` in one statement: ``{name: {column: value}}``."""
    tables = [part.subquery(name) for name, part in parts.items()]
    row = db.execute(
        select(*(column for table in tables for column in table.c))
        .select_from(reduce(lambda left, right: left.join(right, true()), tables))
    ).one()
    return {table.name: {column.name: row._mapping[column] for column in table.c} for table in tables}
