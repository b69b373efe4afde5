"""The back-office under gunicorn (2 workers) on a free local port, its log kept in a file."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.factories import TEST_PASSWORD

from .client import Browser

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0  # seconds; gunicorn and two workers importing the app take 2 to 4


@dataclass
class LiveServer:
    base_url: str
    process: subprocess.Popen
    log_path: Path

    def browser(self) -> Browser:
        return Browser(self.base_url)

    def signed_in(self, email: str) -> Browser:
        """A browser signed in as the staff member ``email`` (their password: TEST_PASSWORD)."""
        browser = self.browser()
        assert browser.sign_in(email, TEST_PASSWORD).status == 302
        return browser

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # gunicorn's graceful stop: the master stops its workers
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@contextlib.contextmanager
def gunicorn(factory: str, log_path: Path, *options: str, env: dict | None = None) -> Iterator[LiveServer]:
    """gunicorn serving the app ``factory`` (``module:call(...)``) with its access and error logs in ``log_path``,
    and ``options`` added to its command line; stopped at the end."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
             "--access-logfile", "-", "--error-logfile", "-", "--timeout", "60", *options, factory],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_up(server)
        yield server
    finally:
        server.stop()


def _wait_until_up(server: LiveServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"gunicorn stopped at start-up:\n{server.log()}")
        with contextlib.suppress(OSError), urllib.request.urlopen(server.base_url + "/login", timeout=2) as answer:
            if answer.status == 200:
                return
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT:.0f} s:\n{server.log()}")
