"""Browser protections on every back-office answer (issue #11, points 3 and 4)."""

from __future__ import annotations

import re

import pytest

from tests.backoffice.test_scope_crawl import _crawl
from tests.backoffice.world import build_world

CRAWLED_AT_LEAST = 100  # pages a crawl must check: in the test world, 113 for a facilitator, 225 for an admin


@pytest.fixture
def world(make, db):
    world = build_world(make, db)
    db.commit()
    return world


def _check(response, url, signed_in: bool) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy, url
    assert re.search(r"script-src 'self'( 'nonce-[\w-]+')?;", policy), (url, policy)
    assert "unsafe-eval" not in policy and "script-src 'self' 'unsafe-inline'" not in policy
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") == "same-origin", url
    if not url.startswith("/static/") and "/admin/static/" not in url:
        assert headers.get("Cache-Control") == "no-store", url


def test_every_page_a_signed_in_person_reaches_has_the_headers(world, login_as, monkeypatch):
    client = login_as(world.facilitator)
    seen = []
    original = client.get

    def checked_get(url, *args, **kwargs):
        response = original(url, *args, **kwargs)
        _check(response, url, signed_in=True)
        seen.append(url)
        return response

    monkeypatch.setattr(client, "get", checked_get)
    _crawl(client)
    assert len(seen) > CRAWLED_AT_LEAST


@pytest.mark.parametrize("url", ["/login", "/", "/participant/", "/nulle-part", "/calendar/inconnu.ics",
                                 "/static/security/csp_handlers.js"])
def test_anonymous_answers_and_errors_have_the_headers(client, url):
    _check(client.get(url), url, signed_in=False)


def test_a_static_file_may_be_cached(client):
    response = client.get("/static/security/csp_handlers.js")
    assert response.status_code == 200 and response.headers.get("Cache-Control") != "no-store"


def test_each_page_gets_its_own_nonce_on_its_scripts(world, login_as):
    client = login_as(world.facilitator)
    first, second = client.get("/participant/"), client.get("/participant/")
    nonces = [re.search(r"'nonce-([\w-]+)'", r.headers["Content-Security-Policy"]).group(1) for r in (first, second)]
    assert nonces[0] != nonces[1]
    page = first.get_data(as_text=True)
    for tag in re.findall(r"<script[^>]*>", page):
        assert f'nonce="{nonces[0]}"' in tag, tag
    assert not re.search(r"\son[a-z]+=", page), "an inline event handler: the CSP blocks it"


def test_no_page_reached_holds_an_inline_event_handler(world, login_as):
    for role in ("admin", "facilitator"):
        pages = _crawl(login_as(getattr(world, role)))
        handlers = {url: re.findall(r"<[^>]*\son[a-z]+=[^>]*>", text)[:1] for url, text in pages.items()
                    if "<html" in text[:500].lower() or "<!doctype" in text[:200].lower()}
        assert len(handlers) >= CRAWLED_AT_LEAST, (role, len(handlers))  # a crawl that reached nothing proves nothing
        assert {url: found for url, found in handlers.items() if found} == {}


def test_row_actions_have_a_visible_label(world, login_as):
    page = login_as(world.admin).get("/theme/").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", page)
    for label in ("Voir", "Modifier", "Supprimer"):
        assert re.search(rf"\b{label}\b", text), label


def test_the_session_cookie_is_secure_over_https_only(make, db, app):
    staff = make.facilitator()
    db.commit()
    for scheme, secure in (("https", True), ("http", False)):
        client = app.test_client()
        response = client.post("/login", base_url=f"{scheme}://localhost",
                               data={"email": staff.email, "password": "motdepasse-de-test"})
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("idmix_staff="))
        assert ("; Secure" in cookie) is secure, (scheme, cookie)


def test_behind_a_configured_proxy_its_https_counts(database_url):
    """With ``PROXIES=1`` the proxy's X-Forwarded-Proto makes the request HTTPS: the cookie (here the
    login form's session, which holds its CSRF token) is Secure; without the setting, it is ignored."""
    from backoffice import create_app

    for proxies, secure in ((1, True), (0, False)):
        app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_ENGINES": {"default": database_url}, "PROXIES": proxies})
        response = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
        cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("idmix_staff="))
        assert ("; Secure" in cookie) is secure, (proxies, cookie)
