"""Every ``idmix`` command that writes records leaves its entries in the journal, signed « Commande idmix … ».

The command line is a door like the back-office and the tablet: the same guarded, journaled sessions
(``shared.db.make_sessionmaker``). The first administrator, made from the command line, is in the journal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from idmix.cli import main
from shared import clock
from shared.audit.models import AuditAction, AuditEntry
from shared.db import make_engine
from shared.kiosk.models import WalkIn
from tests.factories import Factory

TODAY = dt.date(2026, 3, 10)
PASSWORD = "un-long-mot-de-passe"

# Commands that write no record of the domain, and why; any other command must be tested below.
WRITE_NO_RECORD = {
    "init-db": "the schema only",
    "groups": "reads",
    "report": "reads; writes a file",
    "backup": "reads; writes a file",
    "restore": "replaces the whole base by a backup, which brings its own journal",
    "maintenance": "storage, and anonymous answers left waiting in their pool, never journaled (NOT_AUDITED)",
    "serve": "starts the two apps, whose requests are journaled as theirs",
    "rotate-offline-key": "the offline key files only, outside the database",
    "parole": "the audio of the fixed texts, files in the instance folder",
    "send-reminders": "writes only messages, which keep their own trace (shared.audit.recorder.NOT_AUDITED)",
    "sso": "reads the OpenID provider's documents; writes nothing",
    "check": "reads the installation (files, database, servers); changes nothing",
}
WRITERS = {"create-user", "demo", "generate-sessions", "enrol-tablet", "set-pin", "walk-ins", "purge", "import"}


def run(*args, input=None):
    with clock.frozen_today(TODAY):
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("IDMIX_DATABASE_URL", url)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("IDMIX_RETENTION_MONTHS", raising=False)
    assert run("init-db").exit_code == 0
    return url


@pytest.fixture
def world(cli_db):
    """A group with last Thursday's session, Rémi (referred last month), Odile (not seen since 2023), a visitor."""
    engine = make_engine(cli_db)
    with DbSession(engine) as db, clock.frozen_today(TODAY):
        make = Factory(db)
        group = make.group(name="ID'MIX Les Tilleuls")
        session = make.session(group, held_on=TODAY - dt.timedelta(days=5))
        remi = make.participant(group, referred_on=dt.date(2026, 2, 2), first_name="Rémi", last_name="Piot")
        odile = make.participant(group, referred_on=dt.date(2023, 5, 4), first_name="Odile", last_name="Fauré")
        walk_in = WalkIn(session=session, first_name="Rémi")
        db.add(walk_in)
        db.commit()
        ids = dict(group=group.id, remi=remi.id, odile=odile.id, walk_in=walk_in.id)
    engine.dispose()
    return ids


def entries_after(url, last_id: int) -> list[AuditEntry]:
    engine = make_engine(url)
    with DbSession(engine) as db:
        found = list(db.scalars(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)))
    engine.dispose()
    return found


def last_entry_id(url) -> int:
    engine = make_engine(url)
    with DbSession(engine) as db:
        last = db.scalar(select(func.max(AuditEntry.id))) or 0
    engine.dispose()
    return last


def journaled(url, *args, input=None) -> list[AuditEntry]:
    """Run ``idmix *args``; the journal's new entries, each checked to name the command as its actor."""
    before = last_entry_id(url)
    result = run(*args, input=input)
    assert result.exit_code == 0, result.output
    found = entries_after(url, before)
    assert found, f"idmix {args[0]} left no entry in the journal"
    assert {(e.actor_id, e.actor_label) for e in found} == {(None, f"Commande idmix {args[0]}")}
    return found


def test_every_command_is_either_tested_here_or_writes_no_record():
    assert set(main.commands) == WRITERS | set(WRITE_NO_RECORD)
    assert not WRITERS & set(WRITE_NO_RECORD)


def test_the_first_administrator_made_from_the_command_line_is_in_the_journal(cli_db):
    found = journaled(cli_db, "create-user", "--email", "anne.martin@cd.fr", "--first-name", "Anne",
                      "--last-name", "Martin", "--role", "admin", "--password", PASSWORD)
    created = [e for e in found if e.table_name == "staff_member"]
    assert [e.action for e in created] == [AuditAction.CREATE]
    assert created[0].changes["email"] == [None, "anne.martin@cd.fr"]
    assert created[0].changes["password_hash"] == [None, "modifié"]  # never the hash itself


def test_a_refused_command_leaves_no_entry(cli_db):
    before = last_entry_id(cli_db)
    refused = run("create-user", "--email", "pas-un-email", "--first-name", "A", "--last-name", "B",
                  "--role", "referrer", "--password", PASSWORD)
    assert refused.exit_code == 1
    assert entries_after(cli_db, before) == []


def test_generated_sessions_are_each_in_the_journal(cli_db, world):
    before = last_entry_id(cli_db)
    found = journaled(cli_db, "generate-sessions", "--group", str(world["group"]), "--from", "2026-05-01",
                      "--to", "2026-06-30")
    created = run("generate-sessions", "--group", str(world["group"]), "--from", "2026-05-01", "--to", "2026-06-30")
    assert "0 séance(s) créée(s)" in created.output  # all there already: nothing new, nothing journaled
    assert [e.id for e in entries_after(cli_db, before)] == [e.id for e in found]
    assert {e.table_name for e in found} == {"session"} and {e.action for e in found} == {AuditAction.CREATE}
    assert len(found) >= 2


def test_a_tablet_code_is_in_the_journal_without_the_code(cli_db, world):
    result = run("enrol-tablet", "--group", str(world["group"]))
    code = result.output.split(" : ")[1].split()[0]
    found = entries_after(cli_db, 0)
    codes = [e for e in found if e.table_name == "enrolment_code"]
    assert codes and codes[0].actor_label == "Commande idmix enrol-tablet"
    assert code not in str(codes[0].changes) and codes[0].changes["code_hash"] == [None, "modifié"]


def test_a_pin_set_from_the_command_line_is_in_the_journal(cli_db, world):
    found = journaled(cli_db, "set-pin", "--participant", str(world["remi"]), "--pin", "4821")
    assert {(e.table_name, e.record_id) for e in found} == {("participant", str(world["remi"]))}
    assert "4821" not in str([e.changes for e in found])


def test_a_visitor_linked_from_the_command_line_is_in_the_journal(cli_db, world):
    found = journaled(cli_db, "walk-ins", "--link", str(world["walk_in"]), "--to", str(world["remi"]))
    assert {"walk_in", "attendance"} <= {e.table_name for e in found}


def test_a_purge_from_the_command_line_is_in_the_journal(cli_db, world):
    found = journaled(cli_db, "purge", "--yes")
    anonymised = [e for e in found if e.action is AuditAction.ANONYMISE]
    assert [e.record_id for e in anonymised] == [str(world["odile"])]


def test_the_demo_is_in_the_journal(cli_db):
    found = journaled(cli_db, "demo", "--password", "demo-idmix-2026", "--today", "2026-11-25")
    tables = {e.table_name for e in found}
    assert {"group", "staff_member", "participant", "contract", "session", "attendance"} <= tables
    assert "feedback" not in tables  # the demo's opinions are anonymous: never in the journal


def test_an_import_from_the_command_line_is_in_the_journal(cli_db, world, tmp_path):
    people = tmp_path / "personnes.csv"
    people.write_text("Nom;Prénom;Né(e) en;Date d'orientation;Orienté(e) par\nTraoré;Aïcha;1980;12/09/2025;"
                      "Marie Dupont (CIP)\n", encoding="utf-8")
    found = journaled(cli_db, "import", str(people), "--group", str(world["group"]))
    assert {"import", "participant", "referral", "staff_member"} <= {e.table_name for e in found}
    [summary] = [e for e in found if e.table_name == "import"]
    assert summary.changes["file"] == [None, "personnes.csv"]
