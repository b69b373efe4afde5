"""Nobody can keep a colleague out (issue #23, point 4), through gunicorn's two workers: the throttle
is in the database, the device cookie travels as a browser keeps it."""

from __future__ import annotations

import html
import secrets

from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password
from tests.factories import TEST_PASSWORD

REFUSAL = "Adresse e-mail ou mot de passe incorrect."


def _account(live_session) -> str:
    email = f"nadia.{secrets.token_hex(3)}@cd.example.fr"
    with live_session() as db:
        db.add(StaffMember(first_name="Nadia", last_name="Benali", email=email, job_title=JobTitle.FACILITATOR,
                           role=Role.FACILITATOR, password_hash=hash_password(TEST_PASSWORD), active=True))
    return email


def test_an_attacker_sending_wrong_passwords_never_keeps_her_out_of_her_usual_browser(live_server, live_session):
    email = _account(live_session)
    hers, attacker = live_server.browser(), live_server.browser()
    assert hers.sign_in(email, TEST_PASSWORD).status == 302  # her usual browser, signed in before
    assert any(cookie.name == "idmix_device" for cookie in hers.cookies)
    hers.sign_out()
    delayed = 0
    for _ in range(12):  # same client address (127.0.0.1): the attacker sits in her office
        for _ in range(3):
            wrong = attacker.sign_in(email, "pas-le-bon-mot-de-passe")
            assert wrong.status == 200
            delayed += "Trop d'essais" in html.unescape(wrong.text)
        signed_in = hers.sign_in(email, TEST_PASSWORD)
        assert signed_in.status == 302, signed_in.text[:300]
        assert hers.get("/").status == 200
        hers.sign_out()
    assert delayed  # the attacker was kept waiting meanwhile
    # The account is under a delay for anybody else: even the right password waits there. The delay doubles
    # at each counted failure; a slow machine may have let it run out during her sign-ins, so the attacker
    # fails until he is told to wait, then tries the right password at once.
    for _ in range(10):
        if "Trop d'essais" in html.unescape(attacker.sign_in(email, "pas-le-bon-mot-de-passe").text):
            break
    assert "Trop d'essais" in html.unescape(attacker.sign_in(email, TEST_PASSWORD).text)


def test_the_device_cookie_is_httponly_and_scoped_to_the_sign_in_page(live_server, live_session):
    email = _account(live_session)
    answer = live_server.browser().sign_in(email, TEST_PASSWORD)
    device = next(value for name, value in answer.headers.items()
                  if name.lower() == "set-cookie" and value.startswith("idmix_device="))
    assert "HttpOnly" in device and "SameSite=Lax" in device and "Path=/login" in device
