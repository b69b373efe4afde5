"""``/healthz`` (wsgi.py) for a load balancer or a monitor: 200 when the database answers at the latest schema,
503 otherwise; no sign-in, no personal data, no version string."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import text
from werkzeug.test import Client

import wsgi
from shared.db import make_engine
from shared.health import head_revisions
from tests.databases import fresh_database
from tests.factories import Factory


def _app(url: str):
    config = {"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_ENGINES": {"default": url}}
    return Client(wsgi.build_app(dict(config), dict(config)))


@pytest.fixture
def database_url(tmp_path):
    with fresh_database(tmp_path, "healthz") as url:
        yield url


def test_healthz_answers_ok_without_sign_in_when_the_database_is_at_the_latest_schema(database_url):
    from sqlalchemy.orm import Session

    engine = make_engine(database_url)
    with Session(engine) as db, db.begin():
        participant = Factory(db).participant(first_name="Fatima", last_name="Zerrouki")
        name = participant.last_name
    engine.dispose()
    answer = _app(database_url).get("/healthz")
    assert (answer.status_code, answer.text) == (200, "ok\n")
    assert answer.headers["Cache-Control"] == "no-store"
    assert name not in answer.text and "Set-Cookie" not in answer.headers
    assert not any(revision in answer.text for revision in head_revisions())


def test_healthz_answers_503_when_the_schema_is_behind_the_code(database_url):
    engine = make_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0017_french_spacing'"))
    engine.dispose()
    answer = _app(database_url).get("/healthz")
    assert (answer.status_code, answer.text) == (503, "indisponible\n")


def test_healthz_answers_503_on_a_database_never_migrated(tmp_path):
    answer = _app(f"sqlite:///{tmp_path / 'empty.sqlite3'}").get("/healthz")
    assert answer.status_code == 503


def test_healthz_answers_503_when_the_database_does_not_answer(tmp_path):
    answer = _app("postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2").get("/healthz")
    assert (answer.status_code, answer.text) == (503, "indisponible\n")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_healthz_refuses_anything_but_reading(database_url, method):
    assert _app(database_url).open("/healthz", method=method).status_code == 405
