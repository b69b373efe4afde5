"""Real Chromium (Debian package) against the back-office served from a thread on a SQLite file."""

from __future__ import annotations

import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from shared.writes import UNGUARDED

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "backoffice"
PASSWORD = "demo-navigateur-2026"


@dataclass
class LiveServer:
    url: str
    app: object
    credentials: dict[str, str]  # role value → e-mail

    def call(self, fn):
        """Run ``fn()`` in the app's context, off the test thread (Playwright's event loop lives there)."""
        from backoffice.extensions import db

        def in_context():
            with self.app.test_request_context():
                db.session.info[UNGUARDED] = True
                try:
                    return fn(db.session)
                finally:
                    db.session.rollback()

        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(in_context).result()


def _require_chromium() -> None:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    reason = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("IDMIX_REQUIRE_BROWSER") == "1":
        pytest.fail(f"IDMIX_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


def _seed(session) -> dict[str, str]:
    """The demo group if the demo loader exists, else a small world made with the factories."""
    from shared import clock
    from shared.staff.models import Role

    try:
        from shared.demo import load_demo
    except ImportError:
        load_demo = None
    if load_demo is not None:
        load_demo(session, today=clock.today(), password=PASSWORD)
        from sqlalchemy import select

        from shared.staff.models import StaffMember

        staff = session.scalars(select(StaffMember).where(StaffMember.password_hash.is_not(None))).all()
        return {s.role.value: s.email for s in staff if s.active}
    return _seed_with_factories(session, clock, Role)


def _seed_with_factories(session, clock, Role) -> dict[str, str]:
    import datetime as dt

    from shared.staff.passwords import hash_password
    from tests.factories import Factory

    make = Factory(session)
    make._password_hash = hash_password(PASSWORD)
    group = make.group(name="ID'MIX Villeneuve")
    facilitator = make.facilitator(group, first_name="Sophie", last_name="Lambert")
    referrer = make.referrer(first_name="Nadia", last_name="Haddad")
    person = make.participant(group, referrer=referrer, first_name="Fatima", last_name="Benali")
    today = clock.today()
    make.contract(person, facilitator=facilitator, starts_on=today - dt.timedelta(days=480),
                  ends_on=today + dt.timedelta(days=40), expectations="Rencontrer du monde.")
    return {Role.FACILITATOR.value: facilitator.email, Role.REFERRER.value: referrer.email}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    _require_chromium()
    from backoffice import create_app
    from backoffice.extensions import db
    from shared.migrate import upgrade_to_head

    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'idmix.sqlite3'}"
    upgrade_to_head(url)
    app = create_app({"SECRET_KEY": "browser-test", "SQLALCHEMY_ENGINES": {"default": url}})
    with app.app_context():
        db.session.info[UNGUARDED] = True  # the test's set-up writes directly
        credentials = _seed(db.session)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, credentials)
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(params=["fr-FR", "en-US"], ids=["french-browser", "english-browser"])
def page_in(browser, request):
    """A page at 1366×768 in a French and in an English browser (its locale and Accept-Language): (page, locale)."""
    context = browser.new_context(locale=request.param, viewport={"width": 1366, "height": 768},
                                  extra_http_headers={"Accept-Language": request.param})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield page, request.param
    finally:
        context.close()


@pytest.fixture
def shoot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page, name: str, full_page: bool = True) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return _shoot


def sign_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
