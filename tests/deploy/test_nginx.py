"""Through the production stack of deploy/: nginx (TLS by a certificate the test makes), the app servers as
deploy/systemd/idmix.service starts them with deploy/idmix.env, the database of the run. On PostgreSQL two
app servers share it; on SQLite (one centre, the embedded default) one app server.

HTTPS only, HSTS, the cookies' flags behind the proxy, the client address the throttles see, the size limit,
static files served by nginx with their cache headers, /healthz, a sign-in and an opinion through nginx with
no access-log line for the opinion."""

from __future__ import annotations

import os
import re
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request

import pytest
from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from bench.concurrency import PASSWORD, HttpKiosk, feedback_outcome, sign_in
from shared.db import make_engine
from shared.anonymity.models import PoolEntry
from shared.feedback.models import Feedback
from shared.staff.models import LoginThrottle
from shared.staff.throttling import address_key
from tests.live.client import csrf_token_in
from tests.waiting import until

from .stack import nginx



class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _send(url: str, *, data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body) of one request, redirects not followed."""
    context = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"]) if url.startswith("https") else None
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data is not None else "GET")
    try:
        with opener.open(request, timeout=30) as answer:
            return answer.status, answer.headers, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read().decode(errors="replace")


def test_plain_http_is_redirected_to_https(stack):
    status, headers, _ = _send(stack["nginx"].http_url + "/admin/login?next=%2Fadmin%2F")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/admin/login?next=%2Fadmin%2F"


def test_over_https_pages_carry_hsts_and_secure_http_only_cookies_of_both_apps(stack):
    base = stack["nginx"].https_url
    for path, cookie in (("/admin/login", "idmix_staff"), ("/kiosk/activer", "idmix_kiosk")):
        status, headers, _ = _send(base + path)
        assert status == 200, path
        assert headers["Strict-Transport-Security"] == "max-age=63072000"
        assert "nginx/" not in headers.get("Server", "")
        (set_cookie,) = [c for c in headers.get_all("Set-Cookie") if c.startswith(cookie + "=")]
        flags = {part.strip().lower() for part in set_cookie.split(";")[1:]}
        assert {"secure", "httponly"} <= flags, set_cookie


def test_the_throttles_see_the_client_address_nginx_saw_not_a_forged_header(stack):
    base = stack["nginx"].https_url
    status, headers, page = _send(base + "/admin/login")
    cookie = "; ".join(c.split(";", 1)[0] for c in headers.get_all("Set-Cookie"))
    body = urllib.parse.urlencode({"email": "personne@inconnue.example", "password": "faux-mot-de-passe",
                                   "csrf_token": csrf_token_in(page)}).encode()
    status, _, _ = _send(base + "/admin/login", data=body, headers={
        "Cookie": cookie, "X-Forwarded-For": "198.51.100.7", "Content-Type": "application/x-www-form-urlencoded",
        "Referer": base + "/admin/login"})
    assert status == 200
    engine = make_engine(stack["url"])
    with DbSession(engine) as db:
        keys = set(db.scalars(select(LoginThrottle.key).where(LoginThrottle.scope == "address")))
    engine.dispose()
    assert address_key("127.0.0.1") in keys
    assert address_key("198.51.100.7") not in keys


def test_a_request_body_over_one_megabyte_is_refused_by_nginx_in_french(stack):
    status, _, page = _send(stack["nginx"].https_url + "/admin/login", data=b"x" * (1024 * 1024 + 1),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413
    assert "Envoi trop volumineux" in page
    assert not any('" 413 ' in server.log() for server in stack["servers"])  # nginx refused it alone


def test_static_files_are_served_by_nginx_kept_a_year_when_versioned(stack):
    base = stack["nginx"].https_url
    _, _, page = _send(base + "/kiosk/activer")
    versioned = re.search(r'/kiosk/static/kiosk\.css\?v=\w+', page).group(0)
    status, headers, body = _send(base + versioned)
    assert status == 200 and "body" in body
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("text/css")
    status, headers, _ = _send(base + "/kiosk/static/offline.js")  # loaded by sw.js without a version
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    _, _, login = _send(base + "/admin/login")
    for path in re.findall(r'"(/admin/static/[^"]+)"', login):
        status, headers, _ = _send(base + path)
        assert status == 200 and "immutable" in headers["Cache-Control"], path
    assert not any("/static/" in server.log() for server in stack["servers"])  # nginx served them alone


def test_the_scripts_copied_from_flask_admin_are_served_by_nginx_from_backoffice_core(stack):
    """A list page asks for /admin/static/core/… (backoffice/core/static/, the Flask-Admin copies' folder)."""
    from backoffice import create_app

    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_ENGINES": {"default": "sqlite://"}})
    with app.test_request_context():
        address = url_for("idmix_core.static", filename="lists/filters.js")
    status, headers, body = _send(stack["nginx"].https_url + "/admin" + address)
    assert status == 200 and "AdminFilters" in body and "immutable" in headers["Cache-Control"]
    assert not any("/static/core/" in server.log() for server in stack["servers"])  # nginx served it alone


def test_the_service_worker_comes_from_the_kiosk_root_never_cached(stack):
    device = {"Cookie": f"idmix_kiosk_device={stack['scene'].tokens[1]}"}  # an enrolled tablet
    status, headers, body = _send(stack["nginx"].https_url + "/kiosk/sw.js", headers=device)
    assert status == 200 and "ID'MIX kiosk service worker" in body
    assert headers["Cache-Control"] == "no-cache"


def test_healthz_answers_through_nginx_without_sign_in(stack):
    status, headers, body = _send(stack["nginx"].https_url + "/healthz")
    assert (status, body) == (200, "ok\n")
    assert headers["Cache-Control"] == "no-store"


def test_a_staff_sign_in_then_a_tablet_sign_in_and_an_opinion_through_nginx(stack):
    scene, base = stack["scene"], stack["nginx"].https_url
    status, headers, page = _send(base + "/admin/login")
    cookie = "; ".join(c.split(";", 1)[0] for c in headers.get_all("Set-Cookie"))
    body = urllib.parse.urlencode({"email": scene.editors[0], "password": PASSWORD,
                                   "csrf_token": csrf_token_in(page)}).encode()
    status, headers, _ = _send(base + "/admin/login", data=body, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "Referer": base + "/admin/login"})
    assert status == 302, "the staff member is not signed in"
    assert headers["Location"].startswith(("/admin/", "https://127.0.0.1"))

    tablet = HttpKiosk(base + "/kiosk", scene.tokens[0])
    assert sign_in(tablet, scene, scene.people[0]) == "new"
    opinion = {"scope": "collective", "mood": "4", "text": "Très bonne séance", "signer": "anonyme",
               "token": "jeton-avis-nginx-0001"}
    assert feedback_outcome(*tablet.post("/avis", opinion)) == "saved"
    engine = make_engine(stack["url"])
    with DbSession(engine) as db:
        # Alone, the anonymous opinion waits sealed in its session's pool: its words are nowhere in clear.
        assert db.scalar(select(func.count()).select_from(Feedback).where(Feedback.text == "Très bonne séance")) == 0
        assert db.scalar(select(func.count()).select_from(PoolEntry)) == 1
    engine.dispose()
    log = stack["nginx"].access_log()
    assert "/admin/login" in log
    # No line of the tablet, as in the app's own logs (kiosk/privacy.py): a line between two sign-ins, whose
    # times are in the attendance records, would say what the person did before an anonymous opinion.
    assert "/kiosk" not in log


def _access_log_with(proxy, last_path: str) -> str:
    """The access log once the line of ``last_path`` is in: nginx writes a request's line when it has finished
    with it, which may come just after the answer reached the client."""
    def complete() -> str:
        log = proxy.access_log()
        return log if last_path in log else ""
    return until(complete, f"{last_path} in the access log")


def test_the_access_log_keeps_no_query_string_nor_the_secret_of_a_link(stack):
    """Was: nginx's « combined » format logged the request line and the referrer whole: the names typed in a
    search, a one-time password reset link, a calendar feed's or an unsubscribe link's token."""
    base = stack["nginx"].https_url
    secrets_in = {
        '/admin/participant/?flt="&search=Benali%20Fatima': "Benali",
        "/admin/password-reset?t=jeton-reinitialisation-secret": "jeton-reinitialisation",
        "/admin/calendar/jetonagendasecret0123.ics": "jetonagendasecret",
        "/admin/messages/unsubscribe/jetondesinscriptionsecret": "jetondesinscription",
    }
    for path in secrets_in:
        _send(base + path, headers={"Referer": base + "/admin/participant/?search=Fatima%20Benali"})
    log = _access_log_with(stack["nginx"], "/admin/messages/unsubscribe/")
    assert "/admin/participant/" in log and "/admin/password-reset" in log
    assert "/admin/calendar/....ics" in log and "/admin/messages/unsubscribe/..." in log
    for secret in secrets_in.values():
        assert secret not in log, secret
    assert "?" not in log  # not even a static file's version


def test_an_app_server_that_does_not_answer_leaves_no_searched_name_in_any_log(tmp_path):
    """Was: nginx's error log wrote « connect() failed … request: "GET /admin/participant/?search=Benali… »
    (it has no format to choose). Now the site's error log keeps critical errors only, and the access log says
    which app server failed, without the query string."""
    with socket.socket() as probe:  # an address where no app server listens
        probe.bind(("127.0.0.1", 0))
        nobody = f"127.0.0.1:{probe.getsockname()[1]}"
    with nginx(tmp_path / "nginx", [nobody]) as proxy:
        previous = os.environ.get("SSL_CERT_FILE")
        os.environ["SSL_CERT_FILE"] = str(proxy.folder / "cert.pem")
        try:
            status, _, _ = _send(proxy.https_url + "/admin/participant/?search=Benali%20Fatima")
        finally:
            os.environ.pop("SSL_CERT_FILE") if previous is None else os.environ.update(SSL_CERT_FILE=previous)
    assert status == 502
    access, errors = proxy.access_log(), proxy.error_logs()
    assert '"GET /admin/participant/ HTTP/1.1" 502' in access and f"upstream={nobody} 502" in access
    assert "Benali" not in access + errors and "search" not in access + errors
