"""Fixtures shared by every test: a migrated database, a rolled-back ``db`` session, factories.

The suite runs on a temporary SQLite file, or on PostgreSQL when IDMIX_TEST_DATABASE_URL is set. In a parallel
run (``pytest -n 2``, pytest-xdist), each worker has its own: a SQLite file in its own temporary folder, or the
database ``<name>_gw0``, ``<name>_gw1``… beside the one named, which then stands for it in the whole worker.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import text
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.db import make_engine
from shared.kiosk import pins
from shared.migrate import upgrade_to_head
from shared.staff import passwords
from tests.databases import worker_database
from tests.factories import Factory

TODAY = dt.date(2026, 3, 10)  # a Tuesday; tests freeze the clock on it unless they say otherwise
# Argon2's cheapest settings: hashing stays real (salted, verifiable) but takes microseconds.
# tests/shared/test_hash_settings.py checks the production settings.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _fresh_database(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade_to_head(url)


TESTS = Path(__file__).resolve().parent
# In a parallel run, each of these folders runs on one worker, one test after another: their servers, processes
# and timings would otherwise meet on the machine's cores (the other worker runs the rest meanwhile).
ONE_WORKER_FOLDERS = ("bench", "concurrency", "deploy", "faults", "live")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (--dist loadgroup)
def pytest_collection_modifyitems(config, items):
    """Groups for ``--dist loadgroup``: a folder of ONE_WORKER_FOLDERS, else the test's file (its module's
    server and browser are started once, on one worker)."""
    for item in items:
        path = item.path.resolve()
        if item.get_closest_marker("xdist_group") or TESTS not in path.parents:
            continue
        parts = path.relative_to(TESTS).parts
        group = parts[0] if parts[0] in ONE_WORKER_FOLDERS else "/".join(parts)
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_configure(config):
    worker, url = os.environ.get("PYTEST_XDIST_WORKER"), os.environ.get("IDMIX_TEST_DATABASE_URL", "")
    if worker and url.startswith("postgresql"):
        os.environ["IDMIX_TEST_DATABASE_URL"] = worker_database(url, worker)


@pytest.fixture(scope="session", autouse=True)
def _cheap_hashing():
    """Passwords and PINs hashed with CHEAP_HASHER for the whole run, then the production ones back."""
    previous_password, previous_pin = passwords.use_hasher(CHEAP_HASHER), pins.use_hasher(CHEAP_HASHER)
    yield
    passwords.use_hasher(previous_password)
    pins.use_hasher(previous_pin)


@pytest.fixture(autouse=True)
def _push_request_context():
    """Replaces pytest-flask's fixture of that name, which keeps one request context open for a whole
    test: every request would share its ``g`` and database session, as no server does. Here each
    request pushes its own application context."""
    yield


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("IDMIX_TEST_DATABASE_URL")
    if not url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    _fresh_database(url)
    return url


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine):
    """A session whose work is rolled back after the test (commits become savepoints)."""
    connection = engine.connect()
    outer = connection.begin()
    session = DbSession(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def today():
    with clock.frozen_today(TODAY):
        yield TODAY


@pytest.fixture
def make(db) -> Factory:
    return Factory(db)


@pytest.fixture
def unique() -> str:
    return secrets.token_hex(4)
