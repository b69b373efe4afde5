"""How far the check or the import of a file has gone, for the page that waits for it.

The request that runs the rows writes ``{phase, done, total}`` (counts only, nothing about a person) to a small
file beside the held uploads (``holding``), under a key the page sent with its form; the page asks
``/imports/progress/<key>`` every second, and any worker answers from that file. Not in the database: on SQLite
the import's own transaction holds the write lock until it ends, so a progress row could not be written (nor
read, on PostgreSQL, before the import commits). Kept a day, like the uploads.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable

from . import holding

CHECK, IMPORT = "check", "import"
_KEY = re.compile(r"[A-Za-z0-9_-]{16,40}")
STEPS = 100  # at most about that many writes for a file, whatever its length


def new_key() -> str:
    return secrets.token_urlsafe(16)


def _path(key: str):
    return holding.folder() / f"{key}.progress"


def tracker(key: str | None, *, staff_id: int, phase: str, total: int) -> Callable[[int], None] | None:
    """What ``run_import`` calls with the rows done; None for a key that is not one of ours."""
    if not key or not _KEY.fullmatch(key):
        return None
    step = max(1, total // STEPS)
    last = [-step]

    def advance(done: int) -> None:
        if done - last[0] >= step or done >= total:
            last[0] = done
            _write(key, {"staff": staff_id, "phase": phase, "done": done, "total": total})

    advance(0)
    return advance


def _write(key: str, state: dict) -> None:
    path = _path(key)
    partial = path.with_suffix(".progress-partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(state, file)
    os.replace(partial, path)  # a reader sees the old state or the new one, never half of one


def read(key: str, *, staff_id: int) -> dict | None:
    """``{phase, done, total}`` for this staff member's key; None if unknown (or someone else's)."""
    if not _KEY.fullmatch(key or ""):
        return None
    try:
        state = json.loads(_path(key).read_text())
    except (OSError, ValueError):
        return None
    if state.get("staff") != staff_id:
        return None
    return {name: state.get(name) for name in ("phase", "done", "total")}
