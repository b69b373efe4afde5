"""Settings both apps read the same way: the secrets shared by every worker, kept outside the database.

- the secret key (``IDMIX_SECRET_KEY``, else ``instance/secret_key``): signs the cookies;
- the installation id (``IDMIX_INSTALLATION_ID``, else ``instance/installation_id``): names this
  installation where names must differ between departments (the calendar events' UIDs);
- the PIN key (``IDMIX_PIN_KEY``, else ``instance/pin_key``): the HMAC key of the tablets' PINs, so a
  copy of the database or of a backup alone reveals no PIN. After a rotation the previous keys stay
  readable (``IDMIX_PIN_KEY_PREVIOUS``, comma-separated, else ``instance/pin_key.previous``, one a line)
  until every PIN has been upgraded at its next sign-in (docs/kiosk.md).
"""

from __future__ import annotations

import os
import secrets

from shared.db import default_instance_path


def secret_key() -> str:
    """``IDMIX_SECRET_KEY`` if set; else a random key kept in the instance folder (same for all workers)."""
    return _instance_secret("IDMIX_SECRET_KEY", "secret_key")


def installation_id() -> str:
    """Random, made once, never secret: two installations never share it, every download of one reads it."""
    return _instance_secret("IDMIX_INSTALLATION_ID", "installation_id")


def pin_key() -> str:
    """``IDMIX_PIN_KEY`` if set; else a random key kept in the instance folder, beside the secret key."""
    return _instance_secret("IDMIX_PIN_KEY", "pin_key")


def previous_pin_keys() -> list[str]:
    """The PIN keys replaced by a rotation, still read until every PIN is upgraded."""
    listed = os.environ.get("IDMIX_PIN_KEY_PREVIOUS")
    if listed is None:
        path = default_instance_path() / "pin_key.previous"
        listed = path.read_text() if path.exists() else ""
    return [key.strip() for key in listed.replace(",", "\n").splitlines() if key.strip()]


def _instance_secret(variable: str, file_name: str) -> str:
    key = os.environ.get(variable)
    if key:
        return key
    path = default_instance_path() / file_name
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
