"""An uploaded file kept between its preview and its confirmation: in the instance folder, readable by the
server only, named by a random token, for the staff member who sent it, for a day at most."""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

from shared.db import default_instance_path, private_folder

KEPT_SECONDS = 24 * 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,60}")


def folder() -> Path:
    path = Path(current_app.config.get("IMPORT_FOLDER") or default_instance_path() / "imports")
    private_folder(path)
    return path


def hold(data: bytes, *, file_name: str, staff_id: int) -> str:
    kept = folder()
    _forget_old(kept)
    token = secrets.token_urlsafe(24)
    for path, content in ((kept / f"{token}.data", data),
                          (kept / f"{token}.json", json.dumps({"name": file_name, "staff": staff_id}).encode())):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
    return token


def held(token: str | None, *, staff_id: int) -> tuple[bytes, str] | None:
    """The file and its name, if ``token`` is one of this staff member's uploads still kept."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    kept = folder()
    try:
        meta = json.loads((kept / f"{token}.json").read_text())
        if meta.get("staff") != staff_id:
            return None
        return (kept / f"{token}.data").read_bytes(), str(meta.get("name") or "fichier")
    except (OSError, ValueError):
        return None


def discard(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        for suffix in (".data", ".json"):
            (folder() / f"{token}{suffix}").unlink(missing_ok=True)


def _forget_old(kept: Path) -> None:
    """Uploads, and the progress of their checks (``progress``), older than a day."""
    limit = time.time() - KEPT_SECONDS
    for path in kept.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue
