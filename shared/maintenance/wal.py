"""SQLite's write-ahead log, emptied after each anonymous write, and what keeps it from being emptied.

In WAL mode every commit appends the pages it changed to the ``-wal`` file: after three opinions it
holds the feedback page with {A}, then {A, B}, then {A, B, C}, between the attendance frames of each
sign-in. ``PRAGMA wal_checkpoint(TRUNCATE)`` copies the log into the database and empties it, but
only when no other connection is reading an older state: a database browser left open, a long export
or a backup tool keeps its read open, the checkpoint returns « busy » and the log keeps every frame.
So the result is checked and the checkpoint retried; when it still cannot complete, the dashboard says
so (``backoffice/storage_notice.py``), with the programs that hold the database open.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine, make_url

from shared.db import SQLITE_BUSY_TIMEOUT_MS

CHECKPOINT_TRIES = 3
RETRY_WAIT_MS = 200  # each try waits this long for other connections' reads to end


@dataclass(frozen=True)
class Holder:
    pid: int
    name: str


def truncate_wal(engine: Engine, *, wait_ms: int | None = None, tries: int = CHECKPOINT_TRIES) -> bool:
    """SQLite: copy the write-ahead log into the database and empty it; True when it is empty.

    Tries ``tries`` times, each waiting ``wait_ms`` (default ``RETRY_WAIT_MS``) for reads to end.
    """
    if engine.dialect.name != "sqlite":
        return False
    wait = RETRY_WAIT_MS if wait_ms is None else wait_ms
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        connection.execute(f"PRAGMA busy_timeout={int(wait)}")
        try:
            for _ in range(max(1, tries)):
                busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                if not busy:
                    return True
            return False
        finally:
            connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        raw.close()


def database_file(engine: Engine) -> Path | None:
    name = make_url(str(engine.url)).database
    return Path(name).resolve() if engine.dialect.name == "sqlite" and name and name != ":memory:" else None


def wal_holders(engine: Engine) -> list[Holder]:
    """Other programs that have the database (or its log) open, read from /proc; ours are left out."""
    path = database_file(engine)
    if path is None or not Path("/proc").is_dir():
        return []
    names = {str(path), f"{path}-wal", f"{path}-shm"}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if not any(os.readlink(fd) in names for fd in (entry / "fd").iterdir()):
                continue
            arguments = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            name = (entry / "comm").read_text().strip()
        except OSError:  # gone, or not ours to read
            continue
        if not _is_ours(arguments):
            found.append(Holder(int(entry.name), name))
    return found


def _is_ours(arguments: list[str]) -> bool:
    """Our own servers and commands keep the file open without holding a read: gunicorn serving an app
    factory (``wsgi:create_kiosk()``), ``idmix`` itself."""
    return (any(argument.startswith("wsgi:") or "create_app(" in argument or argument == "idmix.cli"
                for argument in arguments)
            or Path(arguments[0]).name in ("idmix", "gunicorn"))


def wal_holders_text(engine: Engine) -> str:
    """In French, what keeps the log from being emptied."""
    holders = wal_holders(engine)
    if not holders:
        return "un autre programme lit la base en ce moment (navigateur de base de données, export, sauvegarde)."
    listed = ", ".join(f"{holder.name} (processus {holder.pid})" for holder in holders)
    return f"un autre programme garde la base ouverte : {listed}."
