"""The addresses to register at the provider are the ones the back-office sends as wsgi.py serves it (under
/admin/): docs/securite.md says which, the sign-in and the logout use them, ``idmix sso check`` checks them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from werkzeug.test import Client

from shared.staff.models import Role
from tests.sso.fixtures import _normal_provider, provider  # noqa: F401 (fixtures)
from tests.sso.provider import APP_URL, SECRET, query

ROOT = Path(__file__).resolve().parents[2]


def documented(kind: str) -> str:
    """The path docs/securite.md tells an admin to register: « adresse de retour : `https://<serveur>/…` »."""
    text = (ROOT / "docs" / "securite.md").read_text(encoding="utf-8")
    [address] = re.findall(rf"^- {kind} : `https://<serveur>(/[^`]+)` ;$", text, flags=re.MULTILINE)
    return address


@pytest.fixture
def served(provider, database_url):
    """The site as wsgi.py builds it: the back-office under /admin/, the tablet under /kiosk/."""
    import wsgi

    config = {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_ENGINES": {"default": database_url},
              "WTF_CSRF_ENABLED": False, "IDMIX_OIDC_ISSUER": provider.issuer, "IDMIX_OIDC_CLIENT_ID": "idmix",
              "IDMIX_OIDC_CLIENT_SECRET": SECRET}
    return wsgi.build_app(config, dict(config))


@pytest.fixture
def app(served):
    """The served back-office: ``db`` and ``make`` work on its connection."""
    return served.mounts["/admin"]


def test_the_documented_addresses_are_the_ones_the_served_back_office_sends(served, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    site = Client(served)
    authorization = site.get("/admin/sso/connexion").headers["Location"]
    assert query(authorization)["redirect_uri"] == APP_URL + documented("adresse de retour")
    callback = provider.sign_in(authorization, "anne")
    answer = site.get(callback.removeprefix(APP_URL))
    assert answer.status_code == 302, answer.get_data(as_text=True)[-600:]
    assert site.get("/admin/").status_code == 200
    end_session = site.post("/admin/logout").headers["Location"]
    assert query(end_session)["post_logout_redirect_uri"] == APP_URL + documented("adresse après déconnexion")
    assert site.get("/admin/").status_code == 302
