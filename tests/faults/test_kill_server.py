"""The kiosk under gunicorn on a SQLite file, killed (SIGKILL) in the middle of a burst of sign-ins:
every sign-in that was answered "Bienvenue" is in the file, and the file is sound."""

from __future__ import annotations

import os

import pytest

from bench.concurrency import kill_mid_burst, prepare


@pytest.mark.skipif(os.environ.get("IDMIX_TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="a SQLite file's integrity; the SQLite run of the suite covers it")
def test_killing_the_server_mid_burst_loses_no_answered_sign_in(tmp_path):
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    prepare(url)
    report = kill_mid_burst(url, sign_ins=120, kill_after=30, threads=3)
    assert report.ok, str(report)
    assert report.numbers["answered"] >= 30 and report.numbers["no_answer"] > 0
    assert report.numbers["missing"] == 0
