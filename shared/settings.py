"""Settings both apps read the same way: the secret key shared by every worker."""

from __future__ import annotations

import os
import secrets

from shared.db import default_instance_path


def secret_key() -> str:
    """``IDMIX_SECRET_KEY`` if set; else a random key kept in the instance folder (same for all workers)."""
    key = os.environ.get("IDMIX_SECRET_KEY")
    if key:
        return key
    path = default_instance_path() / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker created it first: use theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
