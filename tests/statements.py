"""The SQL statements the apps send while a block runs, on every engine (requests open their own sessions)."""

import contextlib

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextlib.contextmanager
def counting_queries():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(Engine, "before_cursor_execute", count)
