"""Kiosk app fixtures: the app on the test database, isolated per test, an enrolled tablet.

The fixture is named ``kiosk_app``, not ``app``: pytest-flask would otherwise push one request
context for the whole test, and every request would share its ``g`` (and database session).

Each request has its own application context and session (``tests.isolation``).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
import pytest
from sqlalchemy import select

from kiosk import create_app
from kiosk.extensions import db as kiosk_db
from shared import clock
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from tests.conftest import TODAY
from tests.isolation import isolated_session
from tests.chromium import launched_chromium

DURING_SESSION = dt.datetime.combine(TODAY, dt.time(14, 30), tzinfo=clock.CENTRE_TZ)
PIN = "4821"
DEVICE_COOKIE = "idmix_kiosk_device"


def kiosk_config(database_url: str, **overrides) -> dict:
    return {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_ENGINES": {"default": database_url}} | overrides


@pytest.fixture(scope="session")
def kiosk_app(database_url):
    return create_app(kiosk_config(database_url))


@pytest.fixture
def db(kiosk_app):
    """Overrides the domain ``db``: a session on the connection every request of the app will use."""
    with isolated_session(kiosk_app, kiosk_db) as session:
        yield session


@pytest.fixture
def during_session():
    with clock.frozen_at(DURING_SESSION):
        yield DURING_SESSION


@dataclass
class Kiosk:
    """An enrolled tablet of a group with today's session and three people (PIN 4821)."""

    group: object
    session: object
    people: list
    device: object
    token: str


@pytest.fixture
def kiosk(db, make, during_session) -> Kiosk:
    group = make.group(name=f"ID'MIX {make._n()}")
    theme = make.theme(pictogram="cuisine")
    session = make.session(group=group, theme=theme, title="Atelier cuisine")
    people = [
        make.participant(group=group, first_name=first, last_name=last)
        for first, last in (("Fatima", "Benali"), ("Aurélien", "Petit"), ("Élodie", "Martin"))
    ]
    for person in people:
        set_pin(db, person, PIN, actor=None, now=during_session)
    code = create_enrolment_code(db, group=group, actor=None, now=during_session).code
    enrolment = enrol_device(db, code=code, now=during_session, name="Tablette test")
    db.commit()
    return Kiosk(group, session, people, enrolment.device, enrolment.token)


@pytest.fixture
def client(kiosk_app):
    return kiosk_app.test_client()


@pytest.fixture
def tablet(kiosk_app, kiosk):
    """A test client holding the enrolled device's cookie."""
    client = kiosk_app.test_client()
    client.set_cookie(DEVICE_COOKIE, kiosk.token)
    return client


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client) -> str:
    """Flask-WTF's token for this client's session (taken from the open activation form)."""
    return CSRF.search(client.get("/activer").get_data(as_text=True)).group(1)


def post(client, url: str, data: dict | None = None, **kw):
    return client.post(url, data={"csrf_token": csrf_token(client)} | (data or {}), **kw)


def text_of(response) -> str:
    """The page as a person reads it: entities like &#39; turned back into characters."""
    return html.unescape(response.get_data(as_text=True))


def fresh(db, query):
    """Read through the test's session, bypassing its identity map (the app wrote in between)."""
    return db.execute(query.execution_options(populate_existing=True)).scalars().all()


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium for a module's browser tests (tests/kiosk/browser_support.py), one per module."""
    with launched_chromium() as browser:
        yield browser


__all__ = ["PIN", "csrf_token", "fresh", "post", "select", "text_of"]
