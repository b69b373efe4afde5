import pytest
from sqlalchemy import select
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.test import Client
from werkzeug.wrappers import Response

from shared.kiosk.models import Device
from shared.kiosk.operations import create_enrolment_code, revoke_device

from .conftest import DEVICE_COOKIE, csrf_token, post, text_of

SCREENS = [("get", "/"), ("get", "/signer"), ("post", "/signer/personne"), ("post", "/signer/code"),
           ("get", "/avis"), ("post", "/avis"), ("post", "/avis/prenom"), ("post", "/avis/code"),
           ("get", "/decouvrir"), ("post", "/decouvrir")]


@pytest.mark.parametrize(("method", "url"), SCREENS)
def test_unenrolled_tablet_is_refused_everywhere(client, db, method, url):
    data = {"csrf_token": csrf_token(client)} if method == "post" else None
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 403
    assert "Cette tablette n'est pas activée" in text_of(response)


def test_enrolment_gives_a_long_lived_private_cookie(client, db, make, during_session):
    group = make.group()
    code = create_enrolment_code(db, group=group, actor=None, now=during_session).code
    db.commit()
    response = post(client, "/activer", {"code": code.lower(), "name": "Salle du CMS"})
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(DEVICE_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=" in cookie and "Path=/" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 22  # at least 128 bits
    device = db.scalar(select(Device).where(Device.group_id == group.id))
    assert device.name == "Salle du CMS" and token not in device.token_hash
    assert client.get("/").status_code == 200


def test_replayed_code_gets_a_french_screen(client, db, make, during_session):
    code = create_enrolment_code(db, group=make.group(), actor=None, now=during_session).code
    db.commit()
    assert post(client, "/activer", {"code": code}).status_code == 302
    again = post(client.application.test_client(), "/activer", {"code": code})
    assert again.status_code == 400 and "Ce code a déjà servi" in text_of(again)


@pytest.mark.parametrize("code", ["", "nope", "x" * 5000, "ÀÉÎ-ÕÜ"])
def test_bad_codes_get_a_french_screen(client, db, code):
    response = post(client, "/activer", {"code": code})
    assert response.status_code in (400, 413)
    assert "code" in text_of(response).lower()


def test_missing_code_field(client, db):
    response = post(client, "/activer", {})
    assert response.status_code == 400 and "Tapez le code" in text_of(response)


def test_activation_without_csrf_token_is_refused_calmly(client, db):
    response = client.post("/activer", data={"code": "AAAA-AAAA-AAAA"})
    assert response.status_code == 400 and "Ce formulaire a expiré" in text_of(response)


def test_revoked_tablet_is_refused(tablet, db, kiosk, during_session):
    assert tablet.get("/").status_code == 200
    revoke_device(db, db.get(Device, kiosk.device.id), actor=None, now=during_session)
    db.commit()
    response = tablet.get("/")
    assert response.status_code == 403 and "Cette tablette n'est pas activée" in text_of(response)


def test_cookies_follow_the_mount_point(kiosk_app, db, kiosk):
    mounted = DispatcherMiddleware(lambda env, start: Response("autre")(env, start), {"/kiosk": kiosk_app})
    browser = Client(mounted)
    browser.set_cookie(DEVICE_COOKIE, kiosk.token, path="/kiosk")
    response = browser.get("/kiosk/")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'href="/kiosk/signer"' in body and "/kiosk/static/kiosk.css" in body
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(DEVICE_COOKIE))
    assert "Path=/kiosk" in cookie
    form = browser.get("/kiosk/signer")
    session_cookie = next(h for h in form.headers.getlist("Set-Cookie") if h.startswith("idmix_kiosk="))
    assert "Path=/kiosk" in session_cookie
