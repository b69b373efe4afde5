"""The kiosk finds out HTTPS by itself, as the back-office does (issue #23, point 8): its session cookie and
its device cookie are ``Secure`` whenever the request came over HTTPS, without any setting; over HTTP they
are not, unless ``SESSION_COOKIE_SECURE`` / ``KIOSK_DEVICE_COOKIE_SECURE`` say always. Behind a proxy:
tests/live/test_https_cookies_live.py."""

import pytest

from shared.kiosk.operations import create_enrolment_code

from .conftest import CSRF

DEVICE_COOKIE = "idmix_kiosk_device"


def _activation_cookies(app, code: str, scheme: str) -> dict[str, str]:
    client = app.test_client()
    base = f"{scheme}://localhost"
    form = client.get("/activer", base_url=base)
    token = CSRF.search(form.get_data(as_text=True)).group(1)
    response = client.post("/activer", base_url=base, headers={"Referer": f"{base}/activer"},
                           data={"csrf_token": token, "code": code, "name": "Tablette du CMS"})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    cookies = form.headers.getlist("Set-Cookie") + response.headers.getlist("Set-Cookie")
    return {cookie.split("=", 1)[0]: cookie for cookie in cookies}


@pytest.mark.parametrize("scheme, secure", [("https", True), ("http", False)])
def test_the_kiosk_cookies_are_secure_over_https_only(kiosk_app, db, make, during_session, scheme, secure):
    group = make.group()
    code = create_enrolment_code(db, group=group, actor=None, now=during_session).code
    db.commit()
    cookies = _activation_cookies(kiosk_app, code, scheme)
    assert {"idmix_kiosk", DEVICE_COOKIE} <= set(cookies)
    assert {name: "; Secure" in cookies[name] for name in ("idmix_kiosk", DEVICE_COOKIE)} == {
        "idmix_kiosk": secure, DEVICE_COOKIE: secure}


def test_the_always_secure_settings_still_mark_them_over_http(kiosk_app, db, make, during_session, monkeypatch):
    monkeypatch.setitem(kiosk_app.config, "SESSION_COOKIE_SECURE", True)
    monkeypatch.setitem(kiosk_app.config, "KIOSK_DEVICE_COOKIE_SECURE", True)
    group = make.group()
    code = create_enrolment_code(db, group=group, actor=None, now=during_session).code
    db.commit()
    cookies = _activation_cookies(kiosk_app, code, "http")
    assert "; Secure" in cookies["idmix_kiosk"] and "; Secure" in cookies[DEVICE_COOKIE]
