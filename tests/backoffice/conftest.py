"""Back-office app fixtures: the app on the test database (CSRF checks on), isolated per test, and signed-in
clients that post the CSRF token of the page's form, as a browser does."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from backoffice import create_app
from backoffice.extensions import db as bo_db
from shared.staff.models import Role
from tests.factories import TEST_PASSWORD
from tests.isolation import isolated_session


TOKEN_FIELD = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class BrowserClient(FlaskClient):
    """A test client that sends, with each form it posts, the CSRF token printed in the back-office's pages.

    The token is read from a page once per session of the client (the sign-in page, or any signed-in page's
    « Se déconnecter » form) and read again only when the session changes, as at sign-in, which starts a
    fresh session. A test that sets ``csrf_token`` itself, or posts JSON or a raw body, is left as it is."""

    _token: tuple[str, str] | None = None  # (the session's secret, the token of a page)

    def open(self, *args, **kwargs):
        method = str(kwargs.get("method", "GET")).upper()
        data = kwargs.get("data")
        if method in UNSAFE and "json" not in kwargs and (data is None or isinstance(data, dict | MultiDict)):
            form = data.copy() if isinstance(data, MultiDict) else MultiDict()
            if not isinstance(data, MultiDict):  # a dict, as werkzeug reads it: a list is several values, a tuple a file
                for name, value in (data or {}).items():
                    form.setlist(name, value) if isinstance(value, list) else form.add(name, value)
            if "csrf_token" not in form:
                form.add("csrf_token", self.csrf_token(environ_base=kwargs.get("environ_base") or {}))
                kwargs["data"] = form
        return super().open(*args, **kwargs)

    def csrf_token(self, environ_base: dict | None = None) -> str:
        secret = self._session_secret()
        if self._token is None or self._token[0] != secret or secret is None:
            page = super().open("/login", follow_redirects=True, environ_base=environ_base or {}).get_data(as_text=True)
            found = TOKEN_FIELD.search(page)
            assert found, "no CSRF token on the page: " + page[:300]
            self._token = (self._session_secret(), found.group(1))
        return self._token[1]

    def _session_secret(self) -> str | None:
        app = self.application
        cookie = self.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        session = app.session_interface.get_signing_serializer(app).loads(cookie.value)
        return session.get("csrf_token")


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_ENGINES": {"default": database_url},
    })
    app.test_client_class = BrowserClient
    return app


@pytest.fixture
def client(app):
    """A test client that keeps no context between requests: pytest-flask's keeps the last one open, and another
    client's request would then reuse its ``g``, CSRF token included, as no browser does."""
    return app.test_client()


@pytest.fixture
def csrf_app(database_url):
    """The same app with a plain test client, for the tests that prove every POST needs a token."""
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_ENGINES": {"default": database_url},
    })


@pytest.fixture
def db(app):
    """Overrides the domain ``db``: a session on the connection every request of the app will use."""
    with isolated_session(app, bo_db) as session:
        yield session


def login(client, staff, password: str = TEST_PASSWORD):
    response = client.post("/login", data={"email": staff.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if isinstance(client, BrowserClient):
        client.csrf_token()  # the page the browser lands on after signing in: the new session's token
    return client


@pytest.fixture
def login_as(app, db):
    """``login_as(staff)`` → a test client signed in as that staff member."""
    def _login(staff):
        db.commit()
        return login(app.test_client(), staff)
    return _login


@pytest.fixture
def admin_user(make):
    return make.staff(Role.ADMIN)
