"""What every browser test shares: Debian's Chromium driven by Playwright, the rule for a missing browser,
and an app served from a thread for it to reach.

Without Chromium (or Playwright) a browser test is skipped, unless IDMIX_REQUIRE_BROWSER=1 (CI): then it fails.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
REQUIRED = os.environ.get("IDMIX_REQUIRE_BROWSER") == "1"


def need(condition: bool, reason: str) -> None:
    """Skip the test unless ``condition`` (fail instead with IDMIX_REQUIRE_BROWSER=1)."""
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"{reason} (IDMIX_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def need_chromium() -> None:
    """Debian's Chromium and Playwright are both there."""
    need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    need(importlib.util.find_spec("playwright") is not None, "Playwright is missing: pip install -e '.[test]'")


@contextlib.contextmanager
def playwright() -> Iterator[object]:
    """Playwright's synchronous API, once Chromium is known to be there."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as started:
        yield started


@contextlib.contextmanager
def launched_chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright, closed at the end."""
    with playwright() as started:
        browser = started.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def opened_page(browser, *, locale: str = "fr-FR", size: tuple[int, int] | None = (1366, 900),
                **options) -> Iterator[object]:
    """A page in a browser context of its own (``options``: Playwright's), closed at the end; any wait on it
    gives up after 15 s."""
    viewport = {"viewport": {"width": size[0], "height": size[1]}} if size else {}
    context = browser.new_context(locale=locale, **viewport, **options)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
    finally:
        context.close()


@contextlib.contextmanager
def serve(app, port: int = 0) -> Iterator[str]:
    """The WSGI ``app`` on 127.0.0.1 (a free port unless ``port``) in a thread: its base URL, stopped at the end."""
    httpd = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
