"""Hot backup and restore: a copy taken while a writer is running, restored into a fresh database,
holds every row of every table as of one instant; on SQLite (online backup API) and PostgreSQL
(pg_dump / pg_restore, when IDMIX_TEST_DATABASE_URL points to a server)."""

import datetime as dt
import os
import stat
import threading
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract, ObjectiveStatus
from shared.db import Base, make_engine, make_sessionmaker
from shared.demo.loader import load_demo
from shared.evaluation.models import ActionReview
from shared.exits.models import ExitDestination, ExitPlan
from shared.feedback.models import Feedback
from shared.groups.calendar_feeds import CalendarFeed
from shared.groups.models import Group
from shared.kiosk.models import Device, EnrolmentCode, WalkIn
from shared.maintenance import backup as backup_module
from shared.maintenance.backup import BackupError, backup_database, find_pg_tool, restore_database
from shared.migrate import upgrade_to_head
from shared.people.models import Participant
from shared.reviews.models import ContractReview, LifeArea, ObjectivePosition, ReviewKind, SelfRating
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.staff.models import StaffMember
from tests.factories import directly

DEMO_DAY = dt.date(2026, 3, 10)
WRITER_START = dt.date(2040, 1, 1)  # the writer's sessions, far from the demo's
FILLED = ['group', 'staff_member', 'theme', 'action_review', 'audit_entry', 'calendar_feed', 'device',
          'enrolment_code', 'group_staff', 'participant', 'session', 'attendance', 'contract', 'feedback',
          'referral', 'walk_in', 'contract_review', 'exit', 'exit_plan', 'objective', 'objective_position',
          'self_rating']


# --- Databases ------------------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    """(live URL, fresh URL): a migrated database with data, and an empty one of the same kind."""
    if request.param == "sqlite":
        urls = [f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'fresh.sqlite3'}"]
        yield _with_data(urls)
        return
    configured = os.environ.get("IDMIX_TEST_DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        pytest.skip("PostgreSQL: set IDMIX_TEST_DATABASE_URL to a server")
    base = make_url(configured)
    names = [f"{base.database}_backup_live", f"{base.database}_backup_fresh"]
    server = create_engine(configured, isolation_level="AUTOCOMMIT")
    for name in names:
        _recreate(server, name)
    try:
        yield _with_data([base.set(database=name).render_as_string(hide_password=False) for name in names])
    finally:
        with server.connect() as connection:
            for name in names:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def _recreate(server, name: str) -> None:
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))


def _with_data(urls):
    live = urls[0]
    upgrade_to_head(live)
    engine = make_engine(live)
    with make_sessionmaker(engine)() as db, directly(db), clock.frozen_today(DEMO_DAY):  # as `idmix demo` does
        load_demo(db, today=DEMO_DAY, password="demo-idmix-2026", pin_hasher=lambda pin: f"hash-{pin}")
        _fill_the_other_tables(db)
        db.commit()
    engine.dispose()
    return urls


def _fill_the_other_tables(db) -> None:
    """The demo may leave a few tables empty: one row in each of those, so that every table is compared."""
    group = db.scalars(select(Group)).first()
    staff = db.scalars(select(StaffMember)).first()
    session = db.scalars(select(Session).order_by(Session.held_on)).first()
    now = clock.now()
    empty = {table.name for table in Base.metadata.sorted_tables
             if db.scalar(select(func.count()).select_from(table)) == 0}
    free = (select(Contract).where(Contract.participant_signed_on.is_not(None),
                                   ~Contract.id.in_(select(ContractReview.contract_id)),
                                   ~Contract.id.in_(select(ExitPlan.contract_id))).order_by(Contract.id))
    contract = db.scalars(free).first()
    rows = {
        "contract_review": lambda: ContractReview(
            contract_id=contract.id, kind=ReviewKind.MID_TERM, held_on=DEMO_DAY, next_steps="Continuer",
            participant_took_part=True,
            positions=[ObjectivePosition(objective_id=contract.objectives[0].id, status=ObjectiveStatus.IN_PROGRESS,
                                         comment="En bonne voie")],
            self_ratings=[SelfRating(area=LifeArea.GOING_OUT, rating=3)]),
        "exit_plan": lambda: ExitPlan(contract_id=contract.id, destination=ExitDestination.TRAINING,
                                      target_on=DEMO_DAY, steps="Étapes"),
        "action_review": lambda: ActionReview(group=group, period_from=dt.date(2025, 1, 1),
                                              period_to=dt.date(2025, 12, 31), strengths="Cuisine"),
        "audit_entry": lambda: AuditEntry(at=now, actor_id=staff.id, action=AuditAction.UPDATE,
                                          table_name="participant", record_id="1",
                                          changes={"town": ["Lyon", "Villeneuve"]}),
        "calendar_feed": lambda: CalendarFeed(group=group, staff=staff, token_hash=uuid.uuid4().hex),
        "device": lambda: Device(group=group, name="Tablette du CMS", token_hash=uuid.uuid4().hex),
        "enrolment_code": lambda: EnrolmentCode(group=group, code_hash=uuid.uuid4().hex, expires_at=now),
        "walk_in": lambda: WalkIn(session=session, first_name="Nadia", recorded_at=now),
    }
    if empty & {"objective_position", "self_rating"}:
        empty.add("contract_review")
    db.add_all(build() for name, build in rows.items() if name in empty)


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema revision), in primary-key order."""
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = {table.name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
                for table in Base.metadata.sorted_tables}
        rows["alembic_version"] = sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    engine.dispose()
    return rows


# --- A writer that keeps signing people in while the backup runs ---------------------------------------------


class Writer(threading.Thread):
    """Each transaction adds a session and one attendance at it: a copy holds both or neither."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(url)
        self.stop = threading.Event()
        self.commits = 0
        self.progress = threading.Condition()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with DbSession(self.engine) as db:
                group_id = db.scalars(select(Group.id)).first()
                person_id = db.scalars(select(Participant.id).order_by(Participant.id)).first()
            while not self.stop.is_set():
                with DbSession(self.engine) as db, db.begin():
                    session = Session(group_id=group_id, held_on=WRITER_START + dt.timedelta(days=self.commits),
                                      starts_at=dt.time(14), ends_at=dt.time(17))
                    db.add(session)
                    db.flush()
                    db.add(Attendance(session_id=session.id, participant_id=person_id, is_trial=False,
                                      status=AttendanceStatus.PRESENT, source=AttendanceSource.KIOSK,
                                      recorded_at=clock.now()))
                with self.progress:
                    self.commits += 1
                    self.progress.notify_all()
        except BaseException as error:  # reported by the test
            self.error = error
            with self.progress:
                self.progress.notify_all()
        finally:
            self.engine.dispose()

    def wait_for(self, commits: int) -> None:
        with self.progress:
            self.progress.wait_for(lambda: self.commits >= commits or self.error is not None, timeout=120)
        assert self.error is None, self.error
        assert self.commits >= commits


def as_of_the_copy(source: dict, copy: dict) -> dict:
    """The source rows without what the writer committed after the copy's instant."""
    kept_days = {row[2] for row in copy["session"] if row[2] >= WRITER_START}
    assert kept_days, "the writer had committed before the backup started"
    last = max(kept_days)
    snapshot = dict(source)
    snapshot["session"] = [row for row in source["session"] if row[2] < WRITER_START or row[2] <= last]
    kept_sessions = {row[0] for row in snapshot["session"]}
    snapshot["attendance"] = [row for row in source["attendance"] if row[1] in kept_sessions]
    return snapshot


# --- Tests ---------------------------------------------------------------------------------------------------


def test_a_hot_backup_restored_into_a_fresh_database_has_every_row_of_one_instant(databases, tmp_path):
    live, fresh = databases
    writer = Writer(live)
    writer.start()
    try:
        writer.wait_for(1)
        result = backup_database(live, tmp_path / "copy.backup")
        writer.wait_for(writer.commits + 2)  # the source moves on after the copy
    finally:
        writer.stop.set()
        writer.join()
    assert result.size > 0 and stat.S_IMODE(result.path.stat().st_mode) == 0o600
    restore_database(fresh, result.path)
    source, copy = table_rows(live), table_rows(fresh)
    assert [name for name in FILLED if not source[name]] == []
    assert len(source["session"]) > len(copy["session"])  # the writer's later rows are not in the copy
    expected = as_of_the_copy(source, copy)
    for name in source:
        assert copy[name] == expected[name], f"table {name} differs"
    sessions_in_copy = {row[0] for row in copy["session"]}
    assert all(row[1] in sessions_in_copy for row in copy["attendance"])  # no torn transaction


def test_restoring_over_the_live_database_brings_the_backup_back(databases, tmp_path):
    live, _ = databases
    result = backup_database(live, tmp_path / "before.backup")
    before = table_rows(live)
    engine = make_engine(live)
    with DbSession(engine) as db:
        db.execute(update(Participant).values(first_name="Écrasé"))
        db.execute(Feedback.__table__.delete())
        db.commit()
    engine.dispose()
    assert table_rows(live) != before
    restore_database(live, result.path)
    assert table_rows(live) == before


def test_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "existing.sqlite3"
    existing.write_text("précieux")
    with pytest.raises(BackupError, match="existe déjà"):
        backup_database(f"sqlite:///{tmp_path / 'any.sqlite3'}", existing)
    assert existing.read_text() == "précieux"


def test_backup_of_a_missing_or_in_memory_sqlite_database_is_refused(tmp_path):
    with pytest.raises(BackupError, match="Base SQLite introuvable"):
        backup_database(f"sqlite:///{tmp_path / 'absent.sqlite3'}", tmp_path / "copy.sqlite3")
    with pytest.raises(BackupError, match="en mémoire"):
        backup_database("sqlite://", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists() and not (tmp_path / "copy.sqlite3.partial").exists()


def test_restore_refuses_what_is_not_a_backup_of_this_kind(tmp_path):
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    notes = tmp_path / "notes.txt"
    notes.write_text("pas une sauvegarde")
    with pytest.raises(BackupError, match="n'est pas une sauvegarde ID'MIX"):
        restore_database(target, notes)
    dump = tmp_path / "idmix.pgdump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00")
    with pytest.raises(BackupError, match="sauvegarde PostgreSQL .* la base configurée est SQLite"):
        restore_database(target, dump)
    other = tmp_path / "other.sqlite3"
    engine = create_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(BackupError, match="pas une base ID'MIX"):
        restore_database(target, other)
    with pytest.raises(BackupError, match="introuvable"):
        restore_database(target, tmp_path / "absent.sqlite3")
    assert not (tmp_path / "target.sqlite3").exists()


def test_a_missing_pg_dump_is_named_in_french(monkeypatch):
    monkeypatch.delenv(backup_module.PG_BINDIR_ENV, raising=False)
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup_module.glob, "glob", lambda pattern: [])
    with pytest.raises(BackupError, match="pg_dump introuvable : installez le client PostgreSQL"):
        find_pg_tool("pg_dump", 15)


def test_a_pg_dump_older_than_the_server_is_refused(monkeypatch):
    monkeypatch.setattr(backup_module, "_tool_major", lambda path: 13)
    monkeypatch.setattr(backup_module.shutil, "which", lambda name: f"/usr/bin/{name}")
    with pytest.raises(BackupError, match="version 13, plus ancienne que le serveur PostgreSQL \\(15\\)"):
        find_pg_tool("pg_dump", 15)
