"""Hot backups and restores of the configured database, while the apps keep running.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot, the
  write-ahead log included (copying the file alone would miss what is still in its ``-wal``).
- PostgreSQL: ``pg_dump`` in its custom format (one consistent snapshot), ``pg_restore --clean`` back.
  The tools must be as recent as the server; we look on the PATH, in ``IDMIX_PG_BINDIR`` and in
  Debian's ``/usr/lib/postgresql/<version>/bin``.

Backups hold personal data: files are created readable by their owner only (0600).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from shared.db import SQLITE_BUSY_TIMEOUT_MS, default_instance_path, make_engine
from shared.errors import DomainError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
KIND_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL (pg_dump)"}
PG_BINDIR_ENV = "IDMIX_PG_BINDIR"
PG_TOOL_TIMEOUT_S = 3600


class BackupError(DomainError):
    """A backup or a restore cannot be done; the message says why, in French."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    size: int  # bytes


def database_kind(url: str) -> str:
    backend = make_url(url).get_backend_name()
    if backend not in SUFFIXES:
        raise BackupError(f"Sauvegarde impossible : base « {backend} » non prise en charge (SQLite ou PostgreSQL).")
    return backend


def file_kind(path: Path) -> str | None:
    """"sqlite", "postgresql" (a pg_dump custom archive) or None, from the file's first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    return None


def default_backup_path(url: str, now: dt.datetime) -> Path:
    """``<instance>/backups/idmix-AAAAMMJJ-HHMMSS.sqlite3`` (or ``.pgdump``)."""
    return default_instance_path() / "backups" / f"idmix-{now:%Y%m%d-%H%M%S}{SUFFIXES[database_kind(url)]}"


def backup_database(url: str, destination: Path) -> BackupResult:
    """Copy the database at ``url`` into the new file ``destination`` (never overwritten)."""
    kind = database_kind(url)
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"Le fichier {destination} existe déjà : choisissez un autre nom.")
    destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = destination.with_name(destination.name + ".partial")
    _create_private(partial)
    try:
        if kind == "sqlite":
            _backup_sqlite(_sqlite_path(url, must_exist=True), partial)
        else:
            _backup_postgresql(url, partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=destination, kind=kind, size=destination.stat().st_size)


def restore_database(url: str, source: Path) -> None:
    """Replace the content of the database at ``url`` with the backup ``source``."""
    kind = database_kind(url)
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"Fichier de sauvegarde introuvable : {source}.")
    found = file_kind(source)
    if found is None:
        raise BackupError(f"{source} n'est pas une sauvegarde ID'MIX (ni SQLite, ni pg_dump au format custom).")
    if found != kind:
        raise BackupError(f"{source} est une sauvegarde {KIND_LABELS[found]} ; "
                          f"la base configurée est {KIND_LABELS[kind]}.")
    if kind == "sqlite":
        _restore_sqlite(source, _sqlite_path(url, must_exist=False))
    else:
        _restore_postgresql(url, source)


def schema_revisions(url: str) -> set[str]:
    """The Alembic revisions recorded in the database (to tell whether ``idmix init-db`` is needed)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except SQLAlchemyError:
        return set()
    finally:
        engine.dispose()


# --- SQLite --------------------------------------------------------------------------------------------


def _sqlite_path(url: str, *, must_exist: bool) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("La base SQLite configurée est en mémoire : il n'y a rien à sauvegarder.")
    path = Path(database)
    if must_exist and not path.is_file():
        raise BackupError(f"Base SQLite introuvable : {path}.")
    return path


def _connect_sqlite(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    connection = sqlite3.connect(target, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    return connection


def _backup_sqlite(source: Path, partial: Path) -> None:
    src = _connect_sqlite(source)
    dst = _connect_sqlite(partial)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        _check_integrity(dst, partial)
    except sqlite3.Error as error:
        raise BackupError(f"Sauvegarde SQLite impossible : {error}.") from None
    finally:
        dst.close()
        src.close()


def _restore_sqlite(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        src = _connect_sqlite(source, read_only=True)
    except sqlite3.Error as error:
        raise BackupError(f"Lecture de la sauvegarde impossible : {error}.") from None
    try:
        _check_integrity(src, source)
        if src.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is None:
            raise BackupError(f"{source} est une base SQLite, mais pas une base ID'MIX.")
        dst = _connect_sqlite(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")  # as every connection of the apps expects
        finally:
            dst.close()
    except sqlite3.Error as error:
        raise BackupError(f"Restauration SQLite impossible : {error}.") from None
    finally:
        src.close()


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{path} est endommagé (contrôle d'intégrité SQLite : {result}).")


# --- PostgreSQL ----------------------------------------------------------------------------------------


def _backup_postgresql(url: str, partial: Path) -> None:
    tool = find_pg_tool("pg_dump", _server_major(url))
    _run_pg_tool(tool, ["--format=custom", f"--file={partial}"], url)


def _restore_postgresql(url: str, source: Path) -> None:
    tool = find_pg_tool("pg_restore", _server_major(url))
    # --clean --if-exists: drop what the archive holds before recreating it; one transaction: all or nothing.
    _run_pg_tool(tool, ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
                        "--exit-on-error", str(source)], url)


def _server_major(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            number = int(connection.execute(text("SHOW server_version_num")).scalar_one())
    except SQLAlchemyError as error:
        raise BackupError(f"Base PostgreSQL injoignable : {_first_line(error)}") from None
    finally:
        engine.dispose()
    return number // 10000


def find_pg_tool(name: str, server_major: int) -> str:
    """The most recent ``pg_dump``/``pg_restore`` found, if it is at least as recent as the server."""
    candidates = []
    bindir = os.environ.get(PG_BINDIR_ENV)
    if bindir:
        candidates.append(str(Path(bindir) / name))
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    versions = [(major, path) for path in candidates if (major := _tool_major(path)) is not None]
    if not versions:
        raise BackupError(f"{name} introuvable : installez le client PostgreSQL (paquet postgresql-client-"
                          f"{server_major}) ou indiquez son dossier dans {PG_BINDIR_ENV}.")
    major, path = max(versions, key=lambda pair: pair[0])
    if major < server_major:
        raise BackupError(f"{name} est en version {major}, plus ancienne que le serveur PostgreSQL ({server_major}) : "
                          f"installez postgresql-client-{server_major}.")
    return path


def _tool_major(path: str) -> int | None:
    try:
        output = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\b(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


def _run_pg_tool(tool: str, arguments: list[str], url: str) -> None:
    """Run a libpq tool on the database of ``url``; the password travels in the environment, not argv."""
    parsed = make_url(url)
    conninfo = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    try:
        completed = subprocess.run([tool, f"--dbname={conninfo}", *arguments], capture_output=True, text=True,
                                   env=env, timeout=PG_TOOL_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError) as error:
        raise BackupError(f"{Path(tool).name} n'a pas pu être lancé : {error}.") from None
    if completed.returncode != 0:
        detail = "\n".join(completed.stderr.strip().splitlines()[-5:]) or f"code {completed.returncode}"
        raise BackupError(f"{Path(tool).name} a échoué : {detail}")


def _create_private(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
