"""Real Chromium (Debian package) against the back-office served from a thread on a SQLite file."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from shared import clock
from shared.demo import load_demo
from shared.staff.models import StaffMember
from shared.writes import UNGUARDED
from tests.chromium import launched_chromium, need_chromium, opened_page, serve

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


def _seed(session) -> dict[str, str]:
    """The demo group; the staff who can sign in, by role."""
    load_demo(session, today=clock.today(), password=PASSWORD)
    staff = session.scalars(select(StaffMember).where(StaffMember.password_hash.is_not(None))).all()
    return {s.role.value: s.email for s in staff if s.active}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    need_chromium()
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
    with serve(app) as url:
        yield LiveServer(url, app, credentials)


@pytest.fixture(scope="module")
def browser(live_server):
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    with opened_page(browser) as page:
        yield page


@pytest.fixture(params=["fr-FR", "en-US"], ids=["french-browser", "english-browser"])
def page_in(browser, request):
    """A page at 1366×768 in a French and in an English browser (its locale and Accept-Language): (page, locale)."""
    with opened_page(browser, locale=request.param, size=(1366, 768),
                     extra_http_headers={"Accept-Language": request.param}) as page:
        yield page, request.param


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
