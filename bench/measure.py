"""Timing helpers for the benchmarks: count the SQL a request sends, replay it raw, summarise.

"Raw SQL" is the very statements a page sent, with the same parameters, replayed on a bare DBAPI
cursor (every row fetched), without the ORM, Flask or the templates: the ratio page / raw says
what the Python side adds on top of the database.
"""

from __future__ import annotations

import contextlib
import os
import platform
import statistics
import time
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass
class Statement:
    sql: str
    parameters: object
    many: bool

    @property
    def is_transaction_control(self) -> bool:
        return self.sql.lstrip().upper().startswith(TRANSACTION_CONTROL)


@dataclass
class QueryLog:
    statements: list[Statement] = field(default_factory=list)

    @property
    def queries(self) -> list[Statement]:
        """What counts as a query: everything but BEGIN/COMMIT/ROLLBACK and savepoints."""
        return [s for s in self.statements if not s.is_transaction_control]


@contextlib.contextmanager
def logging_queries(engine: Engine):
    log = QueryLog()

    def before(conn, cursor, statement, parameters, context, executemany):
        log.statements.append(Statement(statement, parameters, executemany))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", before)


def replay(engine: Engine, statements: list[Statement], repeat: int, *, setup: list[Statement] = ()) -> list[float]:
    """Seconds to run ``statements`` raw, ``repeat`` times, each in a transaction rolled back.

    ``setup`` runs first in the same transaction, untimed (e.g. removing the row a sign-in inserted,
    so that replaying its INSERT inserts again).
    """
    queries = [s for s in statements if not s.is_transaction_control or s.sql.upper().startswith(("SAVEPOINT",
                                                                                                     "RELEASE"))]
    samples = []
    raw = engine.raw_connection()
    try:
        sqlite = engine.dialect.name == "sqlite"
        for _ in range(repeat):
            cursor = raw.cursor()
            if sqlite:
                cursor.execute("BEGIN")
            for statement in setup:
                cursor.execute(statement.sql, statement.parameters)
            started = time.perf_counter()
            for statement in queries:
                if statement.many:
                    cursor.executemany(statement.sql, statement.parameters)
                else:
                    cursor.execute(statement.sql, statement.parameters)
                if cursor.description is not None:
                    cursor.fetchall()
            samples.append(time.perf_counter() - started)
            if sqlite:
                cursor.execute("ROLLBACK")
            else:
                raw.rollback()
            cursor.close()
    finally:
        raw.close()
    return samples


def slowest_statements(engine: Engine, statements: list[Statement], count: int = 3) -> list[tuple[float, str]]:
    """(milliseconds, SQL) of the slowest statements, each run once raw (to find what to index)."""
    timed = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement in statements:
            if statement.is_transaction_control or not statement.sql.lstrip().upper().startswith("SELECT"):
                continue
            started = time.perf_counter()
            cursor.execute(statement.sql, statement.parameters)
            cursor.fetchall()
            timed.append(((time.perf_counter() - started) * 1000, " ".join(statement.sql.split())))
        raw.rollback()
    finally:
        raw.close()
    return sorted(timed, reverse=True)[:count]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: list[float]) -> float:
    if len(samples) < 2:
        return samples[0] * 1000
    return statistics.quantiles(samples, n=20, method="inclusive")[18] * 1000


def machine() -> str:
    """E.g. "2 cores, AMD EPYC (KVM), 23.4 GiB RAM, Linux 6.1, Python 3.13"."""
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError):
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    return (f"{os.cpu_count()} cores, {cpu}, {ram}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
