"""Fixtures of the OpenID tests: the provider (one per test module) and a back-office configured for it."""

from __future__ import annotations

import pytest

from backoffice import create_app
from tests.sso.provider import SECRET, running_provider


@pytest.fixture(scope="module")
def provider():
    with running_provider() as started:
        yield started


@pytest.fixture(autouse=True)
def _normal_provider(provider):
    provider.control("normal")


def sso_app(database_url, issuer: str, client_id: str = "idmix", **settings):
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_ENGINES": {"default": database_url},
        "WTF_CSRF_ENABLED": False, "IDMIX_OIDC_ISSUER": issuer, "IDMIX_OIDC_CLIENT_ID": client_id,
        "IDMIX_OIDC_CLIENT_SECRET": SECRET, "IDMIX_OIDC_PROVIDER_NAME": "Keycloak du département",
    } | settings)


@pytest.fixture(scope="module")
def app(database_url, provider):
    return sso_app(database_url, provider.issuer)


@pytest.fixture
def configured_app(request, database_url, provider):
    """The back-office with the test's settings (``@pytest.mark.parametrize("configured_app", [{...}],
    indirect=True)``); ``db`` and ``make`` then work on its database connection."""
    return sso_app(database_url, provider.issuer, **getattr(request, "param", {}))


@pytest.fixture
def client(app):
    """A test client that keeps no context between requests (pytest-flask's keeps the last one open, and a
    second client would then see the first one's signed-in user)."""
    return app.test_client()
