"""The key files (``secret_key``, ``pin_key``, ``pin_key.previous``) found readable by all (644) are made
600 when an app starts; one this account may not change makes the server refuse to start, saying why in
French (issue #23, point 9)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import backoffice
import kiosk
from shared import settings

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"secret_key": "clé-de-signature-existante", "pin_key": "clé-des-codes", "pin_key.previous": "ancienne-clé\n"}


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


def _open_instance(folder: Path) -> Path:
    """An instance folder as an old install or a careless restore leaves it: 755, its key files 644."""
    folder.mkdir()
    folder.chmod(0o755)
    for name, key in KEYS.items():
        (folder / name).write_text(key)
        (folder / name).chmod(0o644)
    return folder


@pytest.mark.parametrize("create_app", [backoffice.create_app, kiosk.create_app], ids=["back-office", "kiosk"])
def test_world_readable_key_files_are_made_private_when_an_app_starts(tmp_path, monkeypatch, create_app):
    instance = _open_instance(tmp_path / "instance")
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(instance))
    for variable in ("IDMIX_SECRET_KEY", "IDMIX_PIN_KEY", "IDMIX_PIN_KEY_PREVIOUS"):
        monkeypatch.delenv(variable, raising=False)
    app = create_app({"SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'idmix.sqlite3'}"}})
    assert {name: _mode(instance / name) for name in KEYS} == {name: "0o600" for name in KEYS}
    assert _mode(instance) == "0o700"
    assert app.config["SECRET_KEY"] == KEYS["secret_key"]  # the same key, still read


def test_a_key_read_later_is_tightened_too(tmp_path, monkeypatch):
    """The command line reads the PIN keys without starting an app: the file is made 600 on reading."""
    instance = _open_instance(tmp_path / "instance")
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("IDMIX_PIN_KEY", raising=False)
    monkeypatch.delenv("IDMIX_PIN_KEY_PREVIOUS", raising=False)
    assert settings.pin_key() == KEYS["pin_key"] and settings.previous_pin_keys() == ["ancienne-clé"]
    assert _mode(instance / "pin_key") == "0o600" and _mode(instance / "pin_key.previous") == "0o600"


def test_a_key_file_this_account_may_not_tighten_stops_the_server_with_the_reason(tmp_path):
    """A service account without the right to change another account's file (root without CAP_FOWNER here):
    gunicorn does not start, and its log says which file, why, and what to do."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to give the key file to another account")
    instance = _open_instance(tmp_path / "instance")
    os.chown(instance / "pin_key", 65534, 65534)  # the key file of another account
    env = os.environ | {"IDMIX_INSTANCE_PATH": str(instance), "PYTHONUNBUFFERED": "1",
                        "IDMIX_DATABASE_URL": f"sqlite:///{tmp_path / 'idmix.sqlite3'}"}
    for variable in ("IDMIX_SECRET_KEY", "IDMIX_PIN_KEY", "IDMIX_PIN_KEY_PREVIOUS"):
        env.pop(variable, None)
    try:
        started = subprocess.run(
            ["setpriv", "--bounding-set", "-fowner", sys.executable, "-m", "gunicorn", "--workers", "1",
             "--bind", "127.0.0.1:0", "wsgi:app"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("gunicorn started and served with a key file open to all")
    log = started.stdout + started.stderr
    assert started.returncode != 0, log
    assert (f"Démarrage refusé\u00a0: le fichier de clé {instance / 'pin_key'} est ouvert à d'autres comptes "
            "(droits 644)") in log, log
    assert f"«\u00a0chmod 600 {instance / 'pin_key'}\u00a0»" in log and "IDMIX_PIN_KEY" in log
    assert _mode(instance / "pin_key") == "0o644"
