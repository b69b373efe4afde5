"""Declarative base, engines and sessions, and the SQLite settings every connection needs."""

from __future__ import annotations

import contextlib
import inspect
import os
import re
import secrets
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from shared.search import register_sqlite_function

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 15_000
# The largest id a URL or a form may name: PostgreSQL's integer (SQLite refuses past 2**63).
MAX_ID = 2**31 - 1
NUMBER_TEXT = re.compile(r"[0-9]{1,12}")  # ASCII digits: str.isdigit() also takes « ² », which int() refuses


def number_from_text(value: object) -> int | None:
    """A whole number typed in a URL or a form (« 42 »), or None: ASCII digits only, at most 12 of them."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if NUMBER_TEXT.fullmatch(text) else None


def id_from_text(value: object) -> int | None:
    """A row's id as a URL or a form names it, or None: a number from 1 to ``MAX_ID``."""
    number = number_from_text(value)
    return number if number is not None and 0 < number <= MAX_ID else None


def unused_random_id(db, model) -> int:
    """A random id for a new row of ``model`` (none of its rows has it): its number says nothing of
    when it came, where sequential ids would give the order of arrival."""
    while True:
        candidate = secrets.randbelow(MAX_ID) + 1
        if db.get(model, candidate) is None:
            return candidate


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def default_instance_path() -> Path:
    return Path(os.environ.get("IDMIX_INSTANCE_PATH", Path.cwd() / "instance"))


def database_url() -> str:
    """``IDMIX_DATABASE_URL`` if set, else a SQLite file in the instance folder."""
    url = os.environ.get("IDMIX_DATABASE_URL")
    if url:
        return url
    instance = default_instance_path()
    private_folder(instance)
    return f"sqlite:///{instance / 'idmix.sqlite3'}"


def private_folder(path: Path) -> None:
    """Create ``path`` readable by its owner only (700), and tighten it if it exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a folder we do not own: leave it as it is
        os.chmod(path, 0o700)


def engine_options(url: str) -> dict:
    """Options shared by every engine the project makes (CLI, back-office, kiosk, tests)."""
    options: dict = {"url": url}
    if url.startswith("postgresql"):
        options["pool_pre_ping"] = True
        # No JIT: our queries are short, but their correlated subqueries (the participant status) look
        # costly to the planner, which then spent most of a page's time compiling them (bench/pages.py).
        options["connect_args"] = {"options": "-c jit=off"}
    return options


def app_engines(configured: dict | None) -> dict:
    """Flask-SQLAlchemy-Lite's ``SQLALCHEMY_ENGINES`` for either app: the configured database (or
    ``database_url()``), a bare URL getting the project's engine options."""
    engines = configured or {"default": database_url()}
    return {name: engine_options(value) if isinstance(value, str) else value for name, value in engines.items()}


def init_app_db(app, extension) -> None:
    """``extension.init_app(app)`` (Flask-SQLAlchemy-Lite) without its async-session teardown when the app
    has no async engine, as neither of ours has. Flask runs an async teardown through asgiref: a new thread
    and event loop at the end of every request (about 1 ms of a 6 ms page), to close nothing."""
    extension.init_app(app)
    if app.config.get("SQLALCHEMY_ASYNC_ENGINES"):
        return
    app.teardown_appcontext_funcs[:] = [
        func for func in app.teardown_appcontext_funcs
        if not (inspect.iscoroutinefunction(func) and func.__module__.startswith("flask_sqlalchemy_lite"))]


def make_engine(url: str | None = None) -> Engine:
    options = engine_options(url or database_url())
    return create_engine(options.pop("url"), **options)


# --- The one session factory every door uses: back-office, kiosk, command line, scheduled jobs ------

ACTOR_ID = "actor_id"  # session.info: the staff member acting (the audit trail's « Par »)
ACTOR_LABEL = "actor_label"  # session.info: who acts when no staff member does (« Tablette … », « Commande idmix … »)
_journaled_class: type[Session] | None = None


def journaled_session_class() -> type[Session]:
    """The class of every door's sessions: only operations of ``shared/`` write (``shared.writes``), and
    every write is recorded in the audit trail with its actor (``shared.audit.recorder``).

    Class-level listeners need no application context: given as an extension's session ``class_``."""
    global _journaled_class
    if _journaled_class is None:
        from shared import writes
        from shared.audit import recorder
        from shared.audit.models import AuditEntry

        class JournaledSession(Session):
            pass

        writes.install_guard(JournaledSession, exempt=(AuditEntry,))
        recorder.install(JournaledSession)
        _journaled_class = JournaledSession
    return _journaled_class


def make_sessionmaker(engine: Engine, *, actor_label: str | None = None, **options) -> sessionmaker[Session]:
    """Journaled, guarded sessions on ``engine``; ``actor_label`` names who acts (« Commande idmix … »)."""
    info = dict(options.pop("info", None) or {})
    if actor_label:
        info[ACTOR_LABEL] = actor_label
    return sessionmaker(bind=engine, class_=journaled_session_class(), expire_on_commit=False, info=info, **options)


def act_as(session: Session, *, staff_id: int | None = None, label: str | None = None) -> None:
    """Name who acts for the rest of ``session``: a staff member, or a door (« Tablette … »)."""
    session.info[ACTOR_ID] = staff_id
    session.info[ACTOR_LABEL] = label


def command_label(name: str) -> str:
    """The actor of a command line or a scheduled job: « Commande idmix create-user »."""
    return f"Commande idmix {name}"


def tablet_label(name: str | None) -> str:
    """The actor of a tablet's writes: « Tablette de l'accueil », « Tablette Salle 2 »."""
    name = (name or "").strip()
    if not name:
        return "Tablette"
    return name if name.lower().startswith("tablette") else f"Tablette {name}"


# --- SQLite: foreign keys, WAL, busy timeout, and a write lock taken at BEGIN -------------------
#
# pysqlite opens transactions lazily and never before a SELECT, so a read-then-write can fail
# with "database is locked" when another process wrote in between. We take over BEGIN ourselves
# (SQLAlchemy's documented recipe) and make it IMMEDIATE unless the caller said it only reads.

_read_only: ContextVar[bool] = ContextVar("idmix_sqlite_read_only", default=False)


@contextlib.contextmanager
def read_only_transactions() -> Iterator[None]:
    """Within this block, SQLite transactions start DEFERRED (they only read)."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def set_read_only(value: bool):
    """For apps: mark the current request as read-only; returns a token for ``reset_read_only``."""
    return _read_only.set(value)


def reset_read_only(token) -> None:
    _read_only.reset(token)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, connection_record) -> None:
    if not _is_sqlite_dbapi(dbapi_connection):
        return
    _private_sqlite_files(dbapi_connection)
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _sqlite_on_begin
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    register_sqlite_function(dbapi_connection)  # folded(...): searches that ignore case and accents


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN" if _read_only.get() else "BEGIN IMMEDIATE")


def _private_sqlite_files(dbapi_connection) -> None:
    """The database file and its -wal and -shm, readable by their owner only (600).

    SQLite creates the -wal and -shm files with the database file's permissions, so the file is
    made 600 before WAL is switched on; the umask covers files SQLite creates later.
    """
    row = dbapi_connection.execute("PRAGMA database_list").fetchone()
    filename = row[2] if row else ""
    if not filename:  # in memory
        return
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.chmod(filename + suffix, 0o600)


@event.listens_for(Engine, "do_connect")
def _sqlite_private_file(dialect, conn_rec, cargs, cparams) -> None:
    """A new SQLite database is born 600 in a 700 folder (SQLite gives -wal and -shm the same mode)."""
    if dialect.name != "sqlite" or not cargs:
        return
    name = str(cargs[0])
    if not name or name == ":memory:" or name.startswith("file:") or cparams.get("uri"):
        return
    path = Path(name)
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError, OSError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _is_sqlite_dbapi(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")
