"""deploy/'s environment file and systemd timers: every setting the code reads is listed with its French
explanation, and each scheduled job's command runs as its unit says (backup with its rotation, reminders,
purge, maintenance) against a database with data in it."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest

import kiosk
from bench.concurrency import seed
from tests.databases import fresh_database

from .stack import DEPLOY, ROOT, production_environment, systemd_argv, unit_commands

SYSTEMD = DEPLOY / "systemd"
JOBS = {"reminders": "send-reminders", "backup": "backup", "purge": "purge --yes", "maintenance": "maintenance"}
NOT_SETTINGS = {"IDMIX_STYLE", "IDMIX_BACKOFFICE", "IDMIX_KIOSK", "IDMIX_SMS", "IDMIX_OIDC"}  # a chart style; prefixes


def settings_read_by_the_code() -> set[str]:
    found = set()
    for folder in ("shared", "backoffice", "kiosk", "idmix"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"IDMIX_[A-Z][A-Z_]*[A-Z]", path.read_text()))
    found |= {"IDMIX_KIOSK_" + key.removeprefix("KIOSK_") for key in kiosk.DEFAULTS
              if key.startswith("KIOSK_") or key == "SESSION_COOKIE_SECURE"}
    return found - NOT_SETTINGS


def test_the_environment_file_lists_every_setting_with_a_french_explanation():
    lines = (DEPLOY / "idmix.env").read_text().splitlines()
    listed = {match.group(1): number for number, line in enumerate(lines)
              if (match := re.match(r"#?(IDMIX_\w+)=", line))}
    assert settings_read_by_the_code() - set(listed) == set()
    for name, number in listed.items():  # each under a comment (the block's explanation)
        above = next(line for line in reversed(lines[:number]) if not re.match(r"#?(IDMIX_\w+)=", line))
        assert above.startswith("# ") and len(above) > 20, name


def test_the_environment_file_gives_no_secret_and_trusts_one_proxy():
    active = {line.split("=", 1)[0] for line in (DEPLOY / "idmix.env").read_text().splitlines()
              if line and not line.startswith("#")}
    assert not active & {"IDMIX_SECRET_KEY", "IDMIX_PIN_KEY", "IDMIX_SMS_API_KEY", "IDMIX_SMTP_URL"}
    assert "IDMIX_PROXIES=1" in (DEPLOY / "idmix.env").read_text().splitlines()


@pytest.mark.parametrize("job", sorted(JOBS))
def test_each_job_has_a_persistent_timer_and_runs_the_idmix_command(job):
    timer = (SYSTEMD / f"idmix-{job}.timer").read_text()
    assert re.search(r"^OnCalendar=\S", timer, re.M) and "Persistent=true" in timer
    assert unit_commands(SYSTEMD / f"idmix-{job}.service") == [f"__VENV__/bin/idmix {JOBS[job]}"]
    assert "EnvironmentFile=/etc/idmix/idmix.env" in (SYSTEMD / f"idmix-{job}.service").read_text()


@pytest.fixture
def installed(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    with fresh_database(tmp_path, "jobs") as url:
        seed(url, people=3, tablets=1)
        yield production_environment(url, instance, "127.0.0.1:8000"), instance


def _run(unit: Path, env: dict, key: str = "ExecStart") -> list[subprocess.CompletedProcess]:
    return [subprocess.run(systemd_argv(command, env), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
            for command in unit_commands(unit, key)]


def test_the_scheduled_jobs_run_as_their_units_say(installed):
    env, _ = installed
    for job in ("reminders", "purge", "maintenance"):
        for done in _run(SYSTEMD / f"idmix-{job}.service", env):
            assert done.returncode == 0, (job, done.stdout, done.stderr)


def test_the_nightly_backup_writes_a_private_file_and_rotation_keeps_thirty_days(installed):
    env, instance = installed
    backups = instance / "backups"
    backups.mkdir(mode=0o700)
    old, recent, other = backups / "idmix-20200101-023000.pgdump", backups / "idmix-20261201-023000.pgdump", \
        backups / "notes.txt"
    for path in (old, recent, other):
        path.write_text("")
    forty_days_ago = time.time() - 40 * 86400
    os.utime(old, (forty_days_ago, forty_days_ago))
    os.utime(other, (forty_days_ago, forty_days_ago))
    unit = SYSTEMD / "idmix-backup.service"
    for done in _run(unit, env) + _run(unit, env, "ExecStartPost"):
        assert done.returncode == 0, (done.stdout, done.stderr)
    made = [path for path in backups.iterdir() if path not in (recent, other)]
    assert len(made) == 1 and made[0].stat().st_size > 0 and made[0].stat().st_mode & 0o077 == 0
    assert not old.exists() and recent.exists() and other.exists()
