"""A command run where there is no database says so in French, naming IDMIX_INSTANCE_PATH and IDMIX_DATABASE_URL,
and creates nothing (it used to leave an empty ./instance/idmix.sqlite3 and an English traceback)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def idmix(*args, cwd: Path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("IDMIX_DATABASE_URL", "IDMIX_INSTANCE_PATH")}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-c", "from idmix.cli import main; main()", *args], cwd=cwd,
                          env=environment | env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [["groups"], ["send-reminders"], ["purge"]])
def test_a_command_outside_the_installation_says_so_in_french_and_creates_nothing(tmp_path, command):
    done = idmix(*command, cwd=tmp_path)
    assert done.returncode != 0
    assert "Aucune base de données ID'MIX trouvée" in done.stderr
    assert "IDMIX_INSTANCE_PATH" in done.stderr and "IDMIX_DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_file_asks_for_init_db(tmp_path):
    (tmp_path / "empty.sqlite3").touch()
    done = idmix("groups", cwd=tmp_path, IDMIX_DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert done.returncode == 1 and "idmix init-db" in done.stderr and "Traceback" not in done.stderr


def test_a_database_url_to_a_missing_file_creates_nothing(tmp_path):
    done = idmix("groups", cwd=tmp_path, IDMIX_DATABASE_URL=f"sqlite:///{tmp_path / 'ailleurs' / 'idmix.sqlite3'}")
    assert done.returncode == 1 and "Aucune base de données" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_server_is_said_in_french(tmp_path):
    done = idmix("groups", cwd=tmp_path, IDMIX_DATABASE_URL="postgresql+psycopg://idmix:secret@127.0.0.1:1/idmix")
    assert done.returncode == 1 and "ne répond pas" in done.stderr
    assert "secret" not in done.stderr and "Traceback" not in done.stderr


def test_help_and_init_db_still_run_without_a_database(tmp_path):
    assert idmix("groups", "--help", cwd=tmp_path).returncode == 0
    assert list(tmp_path.iterdir()) == []
    made = idmix("init-db", cwd=tmp_path, IDMIX_INSTANCE_PATH=str(tmp_path / "instance"))
    assert made.returncode == 0, made.stderr
    listed = idmix("groups", cwd=tmp_path, IDMIX_INSTANCE_PATH=str(tmp_path / "instance"))
    assert listed.returncode == 0 and "Aucune base" not in listed.stderr
