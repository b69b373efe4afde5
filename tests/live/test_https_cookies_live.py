"""Behind an HTTPS proxy, the kiosk's cookies are ``Secure`` exactly as the back-office's (issue #23, point 8).

Both apps under gunicorn as ``wsgi.app`` serves them. The one proxy setting (``IDMIX_PROXIES``, or the
back-office's former ``IDMIX_BACKOFFICE_PROXIES`` that docs/securite.md told deployers to set) makes both
apps trust ``X-Forwarded-Proto: https``: the back-office's session cookie, the kiosk's session cookie and
its device cookie are then all ``Secure``; over plain HTTP, none is. Without the setting, the header is a
forgery and is ignored by both alike.

gunicorn itself believes ``X-Forwarded-Proto`` from the addresses of ``--forwarded-allow-ips`` (127.0.0.1 by
default, where these tests send from): it is given another address here, so that what is tested is the
apps' own trust, as when the proxy is not on the same machine.
"""

from __future__ import annotations

import os
import secrets
import urllib.parse
import urllib.request

import pytest

from shared import clock
from shared.kiosk.operations import create_enrolment_code
from tests.factories import Factory

from .client import _NoRedirect, csrf_token_in
from .server import gunicorn

HTTPS = {"X-Forwarded-Proto": "https"}
COOKIES = ("idmix_staff", "idmix_kiosk", "idmix_kiosk_device")


def _send(url: str, headers: dict, data: dict | None = None) -> tuple[int, list[str], str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if data is not None else "GET")
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status, answer.headers.get_all("Set-Cookie") or [], answer.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_all("Set-Cookie") or [], error.read().decode()


def _cookies_set(base_url: str, code: str, headers: dict) -> dict[str, str]:
    """Each cookie the apps set on the way a person goes: the staff sign-in page, then a tablet's activation."""
    found = {}
    for path in ("/admin/login", "/kiosk/activer"):
        status, cookies, page = _send(base_url + path, headers)
        assert status == 200, (path, status, page[:300])
        found.update(cookie.split("=", 1)[0:1] + [cookie] for cookie in cookies)
    session = found["idmix_kiosk"].split(";", 1)[0]
    scheme = "https" if headers else "http"
    status, cookies, page = _send(base_url + "/kiosk/activer", headers | {
        "Cookie": session, "Referer": f"{scheme}://{urllib.parse.urlsplit(base_url).netloc}/kiosk/activer"},
        {"code": code, "name": "Tablette du CMS", "csrf_token": csrf_token_in(page)})
    assert status == 302, (status, page[:500])
    found.update(cookie.split("=", 1)[0:1] + [cookie] for cookie in cookies)
    return {name: cookie for name, cookie in found.items() if name in COOKIES}


def _secure(cookie: str) -> bool:
    return "secure" in [part.strip().lower() for part in cookie.split(";")]


@pytest.fixture
def codes(live_session):
    """A fresh enrolment code for each activation (a code is used once)."""
    with live_session() as db:
        group = Factory(db).group()
        group_id = group.id

    def _code() -> str:
        with live_session() as db:
            from shared.groups.models import Group

            return create_enrolment_code(db, group=db.get(Group, group_id), actor=None, now=clock.now()).code

    return _code


def _server(live_database_url, tmp_path, setting: dict):
    factory = f"tests.live.deploy_app:create_app({live_database_url!r}, {secrets.token_hex(16)!r})"
    env = {k: v for k, v in os.environ.items() if not k.endswith("PROXIES") and not k.endswith("COOKIE_SECURE")}
    return gunicorn(factory, tmp_path / "gunicorn.log", "--forwarded-allow-ips", "192.0.2.1", env=env | setting)


@pytest.mark.parametrize("setting", [{"IDMIX_PROXIES": "1"}, {"IDMIX_BACKOFFICE_PROXIES": "1"}],
                         ids=["IDMIX_PROXIES", "former-IDMIX_BACKOFFICE_PROXIES"])
def test_behind_the_proxy_the_kiosk_cookies_are_secure_over_https_as_the_back_office_one(
        live_database_url, tmp_path, codes, setting):
    with _server(live_database_url, tmp_path, setting) as server:
        over_https = _cookies_set(server.base_url, codes(), HTTPS)
        over_http = _cookies_set(server.base_url, codes(), {})
    assert set(over_https) == set(over_http) == set(COOKIES)
    assert {name: _secure(cookie) for name, cookie in over_https.items()} == dict.fromkeys(COOKIES, True), over_https
    assert {name: _secure(cookie) for name, cookie in over_http.items()} == dict.fromkeys(COOKIES, False), over_http


def test_without_the_proxy_setting_a_forged_https_header_is_ignored_by_both_apps(live_database_url, tmp_path, codes):
    with _server(live_database_url, tmp_path, {}) as server:
        forged = _cookies_set(server.base_url, codes(), HTTPS)
    assert {name: _secure(cookie) for name, cookie in forged.items()} == dict.fromkeys(COOKIES, False), forged
