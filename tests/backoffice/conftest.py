"""Back-office app fixtures: the app on the test database, isolated per test, and signed-in clients."""

from __future__ import annotations

import pytest

from backoffice import create_app
from backoffice.extensions import db as bo_db
from shared.staff.models import Role
from tests.factories import TEST_PASSWORD
from tests.isolation import isolated_session


@pytest.fixture(scope="session")
def app(database_url):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_ENGINES": {"default": database_url},
        "WTF_CSRF_ENABLED": False,
    })


@pytest.fixture
def csrf_app(database_url):
    """The same app with CSRF checks on, for the tests that prove every POST needs a token."""
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
