"""Databases of their own, for tests whose app runs in another thread or process than the test, and for each
worker of a parallel run (pytest-xdist).

``migrated_sqlite(path)``: a new SQLite file at head. ``fresh_database(folder, name)``: on SQLite a new file
``folder/<name>.sqlite3``; on PostgreSQL (IDMIX_TEST_DATABASE_URL) a new database ``idmix_<name>_<random>``
on the same server, dropped at the end, so the suite's shared database is never touched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from shared.db import make_engine
from shared.migrate import upgrade_to_head


def worker_database(url: str, worker: str) -> str:
    """The URL of the PostgreSQL database ``<name>_<worker>`` beside ``url``'s (``idmix_gw0``), created if missing:
    each worker of a parallel run gets its own, and so do the databases named after it (``<name>_gw0_conc``)."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    server = make_engine(base.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def migrated_sqlite(path: Path) -> str:
    """The URL of a SQLite file at ``path``, migrated to head."""
    url = f"sqlite:///{path}"
    upgrade_to_head(url)
    return url


@contextlib.contextmanager
def fresh_database(folder: Path, name: str) -> Iterator[str]:
    """The URL of a new database migrated to head (see the module's docstring), dropped at the end on PostgreSQL."""
    shared_url = os.environ.get("IDMIX_TEST_DATABASE_URL", "")
    if not shared_url.startswith("postgresql"):
        yield migrated_sqlite(folder / f"{name}.sqlite3")
        return
    database = f"idmix_{name}_{secrets.token_hex(4)}"
    server = make_engine(make_url(shared_url).set(database="postgres").render_as_string(hide_password=False))
    server = server.execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    url = make_url(shared_url).set(database=database).render_as_string(hide_password=False)
    try:
        upgrade_to_head(url)
        yield url
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        server.dispose()
