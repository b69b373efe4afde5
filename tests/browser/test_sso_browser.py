"""Signing in and out in real Chromium through the provider's own login page (npm oidc-provider)."""

from __future__ import annotations

import pytest

from shared.writes import UNGUARDED
from tests.chromium import launched_chromium, need_chromium, opened_page, serve
from tests.sso.provider import SECRET, client, free_port, running_provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The back-office on a free port, configured for an OpenID provider that knows its address."""
    need_chromium()
    from backoffice import create_app
    from backoffice.extensions import db
    from shared.migrate import upgrade_to_head
    from shared.staff.models import Role
    from tests.factories import Factory

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    browser_client = client("idmix-navigateur") | {"redirect_uris": [f"{base}/sso/retour"],
                                                    "post_logout_redirect_uris": [f"{base}/sso/deconnecte"]}
    with running_provider(browser_client) as provider:
        url = f"sqlite:///{tmp_path_factory.mktemp('sso-browser') / 'idmix.sqlite3'}"
        upgrade_to_head(url)
        app = create_app({"SECRET_KEY": "browser-test", "SQLALCHEMY_ENGINES": {"default": url},
                          "IDMIX_OIDC_ISSUER": provider.issuer, "IDMIX_OIDC_CLIENT_ID": "idmix-navigateur",
                          "IDMIX_OIDC_CLIENT_SECRET": SECRET, "IDMIX_OIDC_PROVIDER_NAME": "Keycloak du département"})
        with app.app_context():
            db.session.info[UNGUARDED] = True
            Factory(db.session).staff(Role.FACILITATOR, email="anne@exemple.fr", first_name="Anne")
            db.session.commit()
        with serve(app, port):
            yield base, provider


@pytest.fixture
def page(site):
    with launched_chromium() as browser, opened_page(browser, size=None) as page:
        yield page


def test_staff_sign_in_on_the_provider_s_page_and_log_out_at_both_ends(site, page):
    base, provider = site
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "form-action" in message.text else None)  # the logout's redirect to the provider
    page.goto(f"{base}/login")
    page.click("text=Se connecter avec Keycloak du département")
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.fill("input[name=login]", "anne")
    page.fill("input[name=password]", "mot-de-passe")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "Tableau de bord" in page.content()

    page.click("form[action='/logout'] button")
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.click("button[name=logout]")
    page.wait_for_url(f"{base}/login")
    assert "Vous êtes déconnecté(e) d'ID'MIX et de Keycloak du département." in page.content().replace("&#39;", "'")
    assert violations == []

    # signed out at the provider too: the next sign-in asks for the login again
    page.click("text=Se connecter avec Keycloak du département")
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    assert page.locator("input[name=login]").is_visible()
