"""No query string in any request log, whatever the query holds (issue #23, point 10): a raw ``"`` used to
stop the cut, and ``GET /admin/participant/?flt="&search=Benali%20Fatima`` was logged with the name.

Real servers, both apps mounted as ``wsgi.app`` serves them: the development server of ``idmix serve``
(werkzeug), and gunicorn with the documented logger class and format, or with its own defaults.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .raw_http import raw_request
from .server import gunicorn

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTED = ("--logger-class", "backoffice.gunicorn_log.ScrubbingLogger",
              "--access-logformat", '%(t)s "%(r)s" %(s)s %(b)s "%(f)s" %(L)ss')  # docs/securite.md, with the referrer
HOSTILE = [
    "/admin/participant/?flt=\"&search=Benali%20Fatima",  # the audit's request
    "/admin/participant/?search=Benali\"Fatima\"",
    "/admin/nulle-part?flt=\"&search=Benali%20Fatima",  # a 404: werkzeug colours its line
    "/kiosk/?flt=\"&nom=Benali%20Fatima",  # the kiosk (no tablet: 403)
    "/kiosk/signer?\"&nom=Benali+Fatima",
    "/admin/participant/?search=Benali Fatima",  # a raw space: a malformed request line, refused (400)
]
REFERRER = "http://127.0.0.1/admin/participant/?search=\"Benali Fatima\""


def _send_hostile_requests(base_url: str) -> None:
    for target in HOSTILE:
        answer = raw_request(base_url, target, {"Referer": REFERRER})
        assert answer.startswith(b"HTTP/1."), answer[:200]


def _assert_no_query_logged(log: str) -> None:
    assert "/admin/participant/?…" in log, log
    # the tablet's requests leave no line at all (#24: nothing ties an answer to a time of day)
    assert "GET /kiosk" not in log and "POST /kiosk" not in log and "/kiosk/signer" not in log, log
    assert "Benali" not in log and "Fatima" not in log and "search=" not in log and "nom=" not in log, log


@pytest.mark.parametrize("options", [DOCUMENTED, ()], ids=["documented-command", "gunicorn-defaults"])
def test_gunicorn_logs_no_query_string_even_with_a_raw_quote(live_database_url, tmp_path, options):
    factory = f"tests.live.deploy_app:create_app({live_database_url!r}, {secrets.token_hex(16)!r})"
    with gunicorn(factory, tmp_path / "gunicorn.log", *options, env=os.environ | {"PYTHONUNBUFFERED": "1"}) as server:
        _send_hostile_requests(server.base_url)
    log = server.log()  # read once gunicorn has stopped: its workers have written every line
    assert log.count("?…") >= len(HOSTILE)
    _assert_no_query_logged(log)


@contextlib.contextmanager
def idmix_serve(database_url: str, folder: Path) -> Iterator[tuple[str, Path]]:
    """``idmix serve`` (werkzeug's development server, both apps) on a free port: its URL and its log file."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = folder / "serve.log"
    env = os.environ | {"IDMIX_DATABASE_URL": database_url, "IDMIX_SECRET_KEY": secrets.token_hex(16),
                        "IDMIX_INSTANCE_PATH": str(folder / "instance"), "PYTHONUNBUFFERED": "1"}
    with log_path.open("wb") as log:
        command = [sys.executable, "-c", "from idmix.cli import main; main()", "serve", "--port", str(port)]
        process = subprocess.Popen(command, cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"idmix serve did not start:\n{log_path.read_text(errors='replace')}")
            with contextlib.suppress(OSError), urllib.request.urlopen(base_url + "/admin/login", timeout=2) as answer:
                if answer.status == 200:
                    break
            time.sleep(0.1)
        yield base_url, log_path
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_development_server_logs_no_query_string_even_with_a_raw_quote(live_database_url, tmp_path):
    with idmix_serve(live_database_url, tmp_path) as (base_url, log_path):
        _send_hostile_requests(base_url)
    log = log_path.read_text(errors="replace")  # read once the server has stopped
    assert "\x1b[" in log  # the 4xx lines came coloured, and were cut all the same
    _assert_no_query_logged(log)


def test_idmix_serve_speaks_french_when_it_starts(live_database_url, tmp_path):
    # werkzeug's run_simple printed « WARNING: This is a development server… Press CTRL+C to quit ».
    with idmix_serve(live_database_url, tmp_path) as (base_url, log_path):
        pass
    log = log_path.read_text(errors="replace")
    assert f"Back-office\u00a0: {base_url}/admin/" in log
    assert "Serveur d'essai" in log and "docs/installation.md" in log and "Ctrl+C pour arrêter" in log
    assert "development server" not in log and "Press CTRL+C" not in log and "Running on" not in log
