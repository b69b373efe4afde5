"""Security through a real gunicorn server (issue #11): a saved cookie replayed after logout, the
headers on the wire, the French 413 page, the same answer in the same time for unknown and real
addresses (production hashing), and an access log without query strings nor calendar tokens."""

from __future__ import annotations

import os
import secrets
import statistics
import time

import pytest

from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import PRODUCTION_HASHER
from tests.factories import TEST_PASSWORD
from tests.waiting import until

from .server import gunicorn

# The access-log settings of docs/securite.md: the scrubbing logger class, and a format without the
# client's address (the referrer, scrubbed too, stays in to prove it).
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s "%(f)s" %(L)ss'
TRIES = 7


@pytest.fixture(scope="module")
def secure_server(live_database_url, tmp_path_factory):
    factory = f"tests.live.security_app:create_app({live_database_url!r}, {secrets.token_hex(16)!r})"
    with gunicorn(factory, tmp_path_factory.mktemp("security-log") / "gunicorn.log",
                  "--access-logformat", ACCESS_LOG_FORMAT, "--logger-class", "backoffice.gunicorn_log.ScrubbingLogger",
                  env=os.environ | {"PYTHONUNBUFFERED": "1"}) as server:
        yield server


@pytest.fixture(scope="module")
def accounts(live_session):
    """Real accounts hashed as in production, each tried once (no throttling in the way)."""
    password_hash = PRODUCTION_HASHER.hash(TEST_PASSWORD)
    emails = [f"vrai{n}.{secrets.token_hex(2)}@cd.example.fr" for n in range(TRIES + 2)]
    with live_session() as db:
        db.add_all([StaffMember(first_name="Réel", last_name=f"Compte{n}", email=email, job_title=JobTitle.FACILITATOR,
                                role=Role.FACILITATOR, password_hash=password_hash, active=True)
                    for n, email in enumerate(emails)])
    return emails


def _timed_refusal(server, email: str) -> tuple[float, str]:
    browser = server.browser()
    token = browser.csrf_token("/login")
    start = time.perf_counter()
    answer = browser.post("/login", {"email": email, "password": "pas-le-bon-mot-de-passe", "csrf_token": token})
    elapsed = time.perf_counter() - start
    assert answer.status == 200
    return elapsed, "Adresse e-mail ou mot de passe incorrect." if "Adresse e-mail ou mot de passe incorrect." in answer.text else answer.text[:300]


def test_unknown_and_real_addresses_answer_the_same_in_the_same_time(secure_server, accounts):
    real, unknown = [], []
    for n in range(TRIES):  # interleaved, so that a busy moment of the machine hits both alike
        real.append(_timed_refusal(secure_server, accounts[n]))
        unknown.append(_timed_refusal(secure_server, f"inconnu{n}.{secrets.token_hex(2)}@cd.example.fr"))
    assert {message for _, message in real + unknown} == {"Adresse e-mail ou mot de passe incorrect."}
    real_median = statistics.median(t for t, _ in real)
    unknown_median = statistics.median(t for t, _ in unknown)
    # A generous tolerance: before the fix, an unknown address answered ten times faster.
    assert 0.5 < unknown_median / real_median < 2, (real_median, unknown_median)


def test_a_cookie_saved_before_logout_opens_nothing_after(secure_server, accounts):
    browser = secure_server.browser()
    assert browser.sign_in(accounts[-1], TEST_PASSWORD).status == 302
    saved = [cookie for cookie in browser.cookies if cookie.name == "idmix_staff"]
    assert saved and browser.get("/").status == 200
    browser.sign_out()
    thief = secure_server.browser()
    for cookie in saved:
        thief.cookies.set_cookie(cookie)
    answer = thief.get("/")
    assert answer.status == 302 and answer.location.startswith("/login")


def test_the_headers_on_the_wire(secure_server, accounts):
    browser = secure_server.browser()
    browser.sign_in(accounts[-2], TEST_PASSWORD)
    for path in ("/login", "/", "/participant/", "/nulle-part"):
        headers = browser.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_a_body_over_one_megabyte_gets_the_french_413_page(secure_server):
    browser = secure_server.browser()
    token = browser.csrf_token("/login")
    answer = browser.post("/login", {"email": "x@example.fr", "password": "p" * (2 * 1024 * 1024), "csrf_token": token})
    assert answer.status == 413 and "Envoi trop volumineux" in answer.text


def test_the_access_log_holds_neither_searches_nor_calendar_tokens(secure_server, accounts):
    browser = secure_server.browser()
    browser.sign_in(accounts[-2], TEST_PASSWORD)
    browser.get("/participant/?search=Dupontel")
    secure_server.browser().get("/calendar/jeton-tres-secret-123.ics")
    log = until(lambda: _with_line(secure_server.log(), "/calendar/"), "the feed's line in the access log")
    assert "/participant/" in log and "/calendar/" in log
    assert "Dupontel" not in log and "jeton-tres-secret" not in log and "127.0.0.1 -" not in log


def _with_line(log: str, part: str) -> str | None:
    """``log`` once a line holds ``part`` (a worker writes its access line after the answer), else None."""
    return log if part in log else None
