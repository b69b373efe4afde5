"""The ``idmix`` command on a database of its own (a fresh SQLite file, or PostgreSQL's test schema)."""

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared.db import make_engine
from shared.models import Group, Participant, ParticipantStatus, Session, StaffMember


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    """The CLI works on its own SQLite file (it commits for real)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("IDMIX_DATABASE_URL", url)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    return url


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def count(url, model):
    engine = make_engine(url)
    with DbSession(engine) as db:
        n = db.scalar(select(func.count()).select_from(model))
    engine.dispose()
    return n


def test_init_db_creates_the_schema_and_no_account(cli_db):
    result = run("init-db")
    assert result.exit_code == 0 and "Base prête" in result.output
    assert count(cli_db, StaffMember) == 0


def test_create_user_then_refuse_the_same_email(cli_db):
    run("init-db")
    args = ["create-user", "--email", "Anne.Martin@cd.fr", "--first-name", "Anne", "--last-name", "Martin",
            "--role", "admin", "--password", "un-long-mot-de-passe"]
    assert run(*args).exit_code == 0
    again = run(*args)
    assert again.exit_code == 1 and "existe déjà" in again.output


def test_create_user_refuses_a_short_password_and_a_bad_email(cli_db):
    run("init-db")
    short = run("create-user", "--email", "a@cd.fr", "--first-name", "A", "--last-name", "B", "--role", "referrer",
                "--password", "court")
    assert short.exit_code == 1 and "au moins 10 caractères" in short.output
    bad = run("create-user", "--email", "pas-un-email", "--first-name", "A", "--last-name", "B",
              "--role", "referrer", "--password", "un-long-mot-de-passe")
    assert bad.exit_code == 1 and "Adresse e-mail invalide" in bad.output
    assert count(cli_db, StaffMember) == 0


def test_demo_loads_people_at_every_stage_once(cli_db):
    result = run("demo", "--password", "demo-idmix-2026", "--today", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert "sophie.lambert@demo.idmix.fr" in result.output and "demo-idmix-2026" in result.output
    engine = make_engine(cli_db)
    from shared import clock

    with DbSession(engine) as db, clock.frozen_today(dt.date(2026, 11, 25)):
        statuses = {ParticipantStatus(p.status_code) for p in db.scalars(select(Participant))}
        assert statuses == set(ParticipantStatus)
        assert db.scalar(select(func.count(Session.id)).where(Session.held_on > dt.date(2026, 11, 25))) >= 6
    engine.dispose()
    again = run("demo")
    assert "existe déjà" in again.output
    assert count(cli_db, Group) == 1


def test_generate_sessions_lists_skipped_holidays_and_refuses_bad_input(cli_db):
    run("demo", "--password", "demo-idmix-2026", "--today", "2025-01-15")
    result = run("generate-sessions", "--group", "1", "--from", "2026-05-01", "--to", "2026-05-31")
    assert result.exit_code == 0
    assert "sautée    14/05/2026 (Ascension)" in result.output
    assert run("generate-sessions", "--group", "99", "--from", "2027-05-01", "--to", "2027-05-31").exit_code == 1
    backwards = run("generate-sessions", "--group", "1", "--from", "2027-05-31", "--to", "2027-05-01")
    assert backwards.exit_code == 1 and "avant sa date de début" in backwards.output
