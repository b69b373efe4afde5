"""Settings both apps read the same way: the secrets shared by every worker, kept outside the database.

- the secret key (``IDMIX_SECRET_KEY``, else ``instance/secret_key``): signs the cookies;
- the proxies in front (``IDMIX_PROXIES``, formerly ``IDMIX_BACKOFFICE_PROXIES``): how many set
  ``X-Forwarded-*``; both apps trust those headers alike, so both mark their cookies ``Secure`` over HTTPS;
- the installation id (``IDMIX_INSTALLATION_ID``, else ``instance/installation_id``): names this
  installation where names must differ between departments (the calendar events' UIDs);
- the PIN key (``IDMIX_PIN_KEY``, else ``instance/pin_key``): the HMAC key of the tablets' PINs, so a
  copy of the database or of a backup alone reveals no PIN. After a rotation the previous keys stay
  readable (``IDMIX_PIN_KEY_PREVIOUS``, comma-separated, else ``instance/pin_key.previous``, one a line)
  until every PIN has been upgraded at its next sign-in (docs/kiosk.md);
- the offline key (``IDMIX_OFFLINE_KEY_FILE``, else ``instance/offline_key.pem``): the private key that
  opens the PINs typed on a tablet without network (``shared.kiosk.offline_seal``); the tablets get only
  its public key. After a rotation (``idmix rotate-offline-key``) the previous keys stay in
  ``IDMIX_OFFLINE_KEY_PREVIOUS_FILE``, else ``instance/offline_key.previous.pem``, until every tablet has
  sent its queue (docs/securite.md).

Key files are created 600 in a 700 folder; one found readable by others (an old install, a copy, a
restore) is made 600 when an app starts or a key is read, and if this account may not change it (a file
of another account), the app refuses to start and says why (``InsecureSecretFile``).
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from shared.db import default_instance_path, private_folder

# Each key file of the instance folder, and the variable that replaces it.
SECRET_FILES = {"secret_key": "IDMIX_SECRET_KEY", "pin_key": "IDMIX_PIN_KEY",
                "pin_key.previous": "IDMIX_PIN_KEY_PREVIOUS", "offline_key.pem": "IDMIX_OFFLINE_KEY_FILE",
                "offline_key.previous.pem": "IDMIX_OFFLINE_KEY_PREVIOUS_FILE"}


class InsecureSecretFile(RuntimeError):
    """A key file readable by other accounts that this one may not tighten: the app does not start."""


def private_secret_files() -> None:
    """At start (both apps): every key file of the instance folder readable by its owner only (600),
    the folder 700; else ``InsecureSecretFile`` with the French reason and the fix."""
    folder = default_instance_path()
    if folder.exists():
        private_folder(folder)
    for name in SECRET_FILES:
        _private_file(folder / name)


def proxies() -> int:
    """How many proxies in front of the apps set ``X-Forwarded-*`` (0: trust none). ``IDMIX_PROXIES``, else
    the back-office's former ``IDMIX_BACKOFFICE_PROXIES``: one setting for the back-office and the kiosk."""
    for variable in ("IDMIX_PROXIES", "IDMIX_BACKOFFICE_PROXIES"):
        value = os.environ.get(variable, "").strip()
        if value:
            if not value.isdigit():
                raise ValueError(f"{variable} doit être un nombre entier de mandataires (0, 1, 2…)\u00a0: "
                                 f"«\u00a0{value}\u00a0» lu.")
            return int(value)
    return 0


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
        listed = path.read_text() if _private_file(path) else ""
    return [key.strip() for key in listed.replace(",", "\n").splitlines() if key.strip()]


def offline_key_path() -> Path:
    return Path(os.environ.get("IDMIX_OFFLINE_KEY_FILE") or default_instance_path() / "offline_key.pem")


def previous_offline_keys_path() -> Path:
    return Path(os.environ.get("IDMIX_OFFLINE_KEY_PREVIOUS_FILE")
                or default_instance_path() / "offline_key.previous.pem")


def offline_key_pem(make: Callable[[], bytes]) -> bytes:
    """The offline private key (PEM); made by ``make`` and kept (mode 600) the first time."""
    path = offline_key_path()
    create_private_file(path, make)
    return path.read_bytes()


def previous_offline_keys_pem() -> bytes:
    """The offline keys replaced by a rotation (PEM blocks), still read for items sealed before it."""
    path = previous_offline_keys_path()
    return path.read_bytes() if path.exists() else b""


def create_private_file(path: Path, make: Callable[[], bytes]) -> bool:
    """Write ``make()`` to ``path`` readable by its owner only (600), unless it exists; True when written.

    Written whole to a temporary file, then linked to its name: a worker starting at the same moment
    reads either nothing or the whole key, never half of it, and the first one to link wins. The content is
    made before the temporary file (an RSA key takes a while): a worker that lost the race leaves no file
    behind, even for a moment, once it sees the winner's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        return False
    content = make()
    if path.exists():
        return False
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.link(temporary, path)
    except FileExistsError:
        return False  # another worker created it first: use theirs
    finally:
        os.unlink(temporary)
    return True


def replace_private_file(path: Path, data: bytes) -> None:
    """Put ``data`` in ``path`` (mode 600) at once: a reader sees the old content or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _instance_secret(variable: str, file_name: str) -> str:
    key = os.environ.get(variable)
    if key:
        return key
    path = default_instance_path() / file_name
    private_folder(path.parent)
    if not _private_file(path):
        create_private_file(path, lambda: secrets.token_urlsafe(48).encode())
    return path.read_text().strip()


def _private_file(path: Path) -> bool:
    """Make an existing key file 600 if others may read or write it; False when there is none."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if mode & 0o077:
        try:
            os.chmod(path, 0o600)
        except OSError as error:
            variable = SECRET_FILES.get(path.name, "IDMIX_SECRET_KEY")
            raise InsecureSecretFile(
                f"Démarrage refusé\u00a0: le fichier de clé {path} est ouvert à d'autres comptes (droits {mode:o}) "
                f"et ce compte ne peut pas le réserver à son propriétaire (600)\u00a0: {error.strerror}. "
                f"Faites «\u00a0chmod 600 {path}\u00a0» avec le compte propriétaire du fichier, "
                f"ou donnez la clé par la variable {variable}."
            ) from error
    return True
