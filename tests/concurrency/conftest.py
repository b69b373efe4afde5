"""A scratch database for the multi-process tests: they commit, so they stay off the shared test database.

SQLite: a new file. PostgreSQL: a sibling of the test database, ``<name>_conc``, emptied and migrated.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.concurrency import prepare
from shared import clock
from shared.db import make_engine
from tests.conftest import TODAY

DURING_SESSION = dt.datetime.combine(TODAY, dt.time(14, 30), tzinfo=clock.CENTRE_TZ)


@pytest.fixture(scope="session")
def scratch_url(tmp_path_factory) -> str:
    url = os.environ.get("IDMIX_TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        url = f"sqlite:///{tmp_path_factory.mktemp('concurrency') / 'scratch.sqlite3'}"
    else:
        url = _fresh_sibling(url, suffix="_conc")
    prepare(url)
    return url


def _fresh_sibling(url: str, *, suffix: str) -> str:
    base = make_url(url)
    name = f"{base.database}{suffix}"
    server = make_engine(base.render_as_string(hide_password=False)).execution_options(isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()
    sibling = base.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(sibling)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return sibling
