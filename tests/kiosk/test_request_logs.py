"""No log line for any kiosk request, in ``idmix serve`` and in the documented production set-up.

B taps the speaker of « Pas très bien », then gives that opinion: a ``POST /kiosk/parler`` line between
her sign-in and her opinion would tell her mood. So no kiosk request leaves a line, whatever it is (a
page, a form, « Écouter », a refusal that Werkzeug colours), while the back-office's lines stay.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.live.conftest import live_database_url  # noqa: F401 (a database of its own)
from tests.live.server import gunicorn

ROOT = Path(__file__).resolve().parents[2]
KIOSK_REQUESTS = [("GET", "/kiosk/activer"), ("GET", "/kiosk/avis"), ("POST", "/kiosk/parler"),
                  ("GET", "/kiosk/static/speech.js"), ("GET", "/kiosk/parler/" + "0" * 40 + ".wav")]


def _environment(database_url: str, instance: Path) -> dict:
    return os.environ | {"IDMIX_DATABASE_URL": database_url, "IDMIX_SECRET_KEY": secrets.token_urlsafe(32),
                         "IDMIX_INSTANCE_PATH": str(instance), "PYTHONUNBUFFERED": "1"}


def _send(base: str, method: str, path: str) -> None:
    data = json.dumps({"text": "Pas très bien"}).encode() if method == "POST" else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
    with contextlib.suppress(urllib.error.HTTPError), urllib.request.urlopen(request, timeout=10):
        pass


def _visit(base: str) -> None:
    for method, path in KIOSK_REQUESTS:
        _send(base, method, path)
    _send(base, "GET", "/admin/login")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(command: list[str], env: dict, log_path: Path, probe: str):
    """Run ``command`` (a server on a free port), wait until ``probe`` answers, stop it at the end."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, log_path.read_text()
            with contextlib.suppress(OSError), urllib.request.urlopen(probe, timeout=2):
                break
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)


def kiosk_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r'"[A-Z]+ \S*(/kiosk|/parler|/avis|/activer)', line)]


def test_idmix_serve_logs_no_kiosk_request(live_database_url, tmp_path):  # noqa: F811
    port, log_path = _free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from idmix.cli import main; main()", "serve", "--port", str(port)]
    with served(command, _environment(live_database_url, tmp_path / "instance"), log_path, base + "/admin/login"):
        _visit(base)
    log = log_path.read_text(errors="replace")
    assert '"GET /admin/login' in log  # the server does log requests...
    assert kiosk_lines(log) == []  # ...but none of the kiosk's


def test_the_documented_production_command_logs_no_kiosk_request(live_database_url, tmp_path):  # noqa: F811
    """docs/securite.md: gunicorn serving ``wsgi:app`` with the scrubbing logger and an access log."""
    with gunicorn("wsgi:app", tmp_path / "gunicorn.log", "--logger-class", "backoffice.gunicorn_log.ScrubbingLogger",
                  "--access-logformat", '%(t)s "%(r)s" %(s)s %(b)s %(L)ss',
                  env=_environment(live_database_url, tmp_path / "instance")) as server:
        _visit(server.base_url)
    log = server.log()  # read once gunicorn has stopped: its workers have written every line
    assert '"GET /admin/login' in log
    assert kiosk_lines(log) == []


def test_the_kiosk_served_alone_with_an_access_log_logs_no_request(live_database_url, tmp_path):  # noqa: F811
    """Someone adds ``--access-logfile`` to the kiosk's own command: its lines are dropped all the same."""
    port, log_path = _free_port(), tmp_path / "kiosk.log"
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
               "--access-logfile", "-", "--access-logformat", '%(t)s "%(r)s" %(s)s', "wsgi:create_kiosk()"]
    with served(command, _environment(live_database_url, tmp_path / "instance"), log_path, base + "/activer"):
        for method, path in KIOSK_REQUESTS:
            _send(base, method, path.removeprefix("/kiosk"))
    log = log_path.read_text(errors="replace")
    assert "Booting worker" in log  # the log is there...
    assert kiosk_lines(log) == [] and '"GET /' not in log and '"POST /' not in log  # ...without a request
