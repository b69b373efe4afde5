"""Rows planned in memory with their ids, then written with Core ``insert()`` in batches.

Ids are handed out past what the database already holds, so a data set can be added to a
database that has other data (the small demo group, say). PostgreSQL sequences are moved past
the new ids afterwards; SQLite needs nothing (it takes max(rowid) + 1).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection

BATCH_SIZE = 5_000


class PlannedRows:
    def __init__(self, connection: Connection, tables: list[Table]) -> None:
        self.connection = connection
        self.tables = tables  # in foreign-key order: the order they are written
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self._next_id: dict[str, int] = {}
        for table in tables:
            if _has_integer_id(table):
                self._next_id[table.name] = (connection.scalar(select(func.max(table.c.id))) or 0) + 1

    def add(self, table: Table, **values) -> dict:
        """Plan one row; an integer ``id`` is given when the table has one and none was passed."""
        if table.name in self._next_id and "id" not in values:
            values["id"] = self._next_id[table.name]
            self._next_id[table.name] += 1
        self.rows[table.name].append(values)
        return values

    def count(self, table: Table) -> int:
        return len(self.rows[table.name])

    def write(self, progress: Callable[[str], None]) -> dict[str, int]:
        """Insert every planned row in batches; returns the number of rows per table."""
        written = {}
        for table in self.tables:
            rows = self.rows.pop(table.name, [])
            if rows and any(key.startswith("_") for key in rows[0]):  # planning notes, not columns
                rows = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
            started = time.perf_counter()
            for start in range(0, len(rows), BATCH_SIZE):
                self.connection.execute(insert(table), rows[start:start + BATCH_SIZE])
                done = min(start + BATCH_SIZE, len(rows))
                if done == len(rows) or done % (BATCH_SIZE * 20) == 0:
                    progress(f"  {table.name:<20} {done:>9,} / {len(rows):,} lignes"
                             f" ({time.perf_counter() - started:.1f} s)".replace(",", "\u202f"))
            written[table.name] = len(rows)
        if self.connection.dialect.name == "postgresql":
            self._move_sequences()
        # Planner statistics, as a maintained database has them (PostgreSQL's autovacuum gathers them
        # on its own, later; SQLite only on ANALYZE): without them SQLite may sort a whole table.
        self.connection.execute(text("ANALYZE"))
        return written

    def _move_sequences(self) -> None:
        quote = self.connection.dialect.identifier_preparer.quote
        for table in self.tables:
            if table.name in self._next_id:
                self.connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{quote(table.name)}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {quote(table.name)}), 0) + 1, false)"
                ))


def _has_integer_id(table: Table) -> bool:
    return "id" in table.c and table.c.id.primary_key and table.c.id.type.python_type is int
