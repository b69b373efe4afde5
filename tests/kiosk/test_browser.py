"""The kiosk in real Chromium on a 10-inch tablet (1280×800, touch), with axe-core on every screen.

Screenshots land in test-artifacts/kiosk/. Needs and set-up: tests/kiosk/browser_support.py.
"""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from shared.feedback.models import Feedback
from shared.sessions.models import Attendance
from tests.chromium import serve

from .browser_support import (PIN, check, kiosk_app, kiosk_database, seed_seven, tablet_context, the_day_is_over,
                              type_pin)


pytestmark = pytest.mark.browser

IDLE_SECONDS = 10  # the warning opens at 5 s: a journey with screenshots and axe checks stays clear of it
WELCOME_SECONDS = 4  # time for its screenshot and axe-core on a busy machine, and home before the idle warning


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with kiosk_database(tmp_path_factory.mktemp("kiosk-browser")) as (url, sessions):
        data = seed_seven(sessions())
        app = kiosk_app(url, "browser-test", KIOSK_IDLE_SECONDS=IDLE_SECONDS, KIOSK_WELCOME_SECONDS=WELCOME_SECONDS)
        with serve(app) as base:
            yield data | {"base": base, "db": sessions}


@pytest.fixture
def tablet(chromium, server):
    context = tablet_context(chromium, server["base"], server["token"])
    page = context.new_page()
    page.goto(server["base"] + "/")
    yield page
    context.close()


def test_unenrolled_tablet_is_refused(chromium, server):
    context = tablet_context(chromium, server["base"], None)
    page = context.new_page()
    page.goto(server["base"] + "/signer")
    assert page.locator("h1").inner_text() == "Cette tablette n'est pas activée"
    check(page, "01-not-enrolled")
    context.close()


def test_enrol_a_tablet_once(chromium, server):
    context = tablet_context(chromium, server["base"], None)
    page = context.new_page()
    page.goto(server["base"] + "/")
    page.tap("text=Activer la tablette (équipe)")
    page.wait_for_selector("#code")
    page.fill("#code", server["code"].lower())
    check(page, "02-activate")
    page.tap("button:has-text('Activer')")
    page.wait_for_selector("text=Je signe ma présence")
    cookie = next(c for c in context.cookies() if c["name"] == "idmix_kiosk_device")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["expires"] > time.time() + 300 * 86400
    other = tablet_context(chromium, server["base"], None).new_page()
    other.goto(server["base"] + "/activer")
    other.fill("#code", server["code"])
    other.tap("button:has-text('Activer')")
    assert "Ce code a déjà servi" in other.locator(".error").inner_text()
    check(other, "03-replayed-code")
    other.context.close()
    context.close()


def test_home_screen(tablet, chromium, server):
    assert "Aujourd'hui : Cuisine du monde" in tablet.locator("h1").inner_text()
    for words in ("Je signe ma présence", "Je donne mon avis", "Je découvre le groupe"):
        box = tablet.locator(f"a:has-text('{words}')").bounding_box()
        assert box["height"] >= 48 and box["width"] >= 48
    check(tablet, "04-home")
    portrait = tablet_context(chromium, server["base"], server["token"], (800, 1280)).new_page()
    portrait.goto(server["base"] + "/")
    check(portrait, "05-home-portrait")
    portrait.context.close()


def test_sign_in_with_a_pin_then_twice(tablet, server):
    tablet.tap("text=Je signe ma présence")
    tablet.wait_for_selector(".tile")
    names = tablet.locator(".tile").all_inner_texts()
    assert names == sorted(names, key=lambda n: n.replace("É", "E")) and "Fatima B." in names
    check(tablet, "06-sign-in-tiles")
    tablet.tap("text=Fatima B.")
    tablet.wait_for_selector("#pin")
    check(tablet, "07-pin")
    type_pin(tablet, PIN)
    tablet.wait_for_selector("text=Bienvenue, Fatima !")
    check(tablet, "08-welcome")
    tablet.wait_for_selector("text=Je signe ma présence", timeout=(WELCOME_SECONDS + 4) * 1000)  # home on its own
    tablet.tap("text=Je signe ma présence")
    tablet.wait_for_selector(".tile")
    tablet.tap("text=Fatima B.")
    tablet.wait_for_selector("#pin")
    type_pin(tablet, PIN)
    tablet.wait_for_selector("text=C'est déjà fait")
    check(tablet, "09-already-signed-in")
    with server["db"]() as db:
        rows = db.scalars(select(Attendance).where(Attendance.participant_id == server["people"]["Fatima"])).all()
        assert len(rows) == 1


def test_five_wrong_pins_lock_the_person(tablet, server):
    tablet.tap("text=Je signe ma présence")
    tablet.wait_for_selector(".tile")
    tablet.tap("text=Karim D.")
    tablet.wait_for_selector("#pin")
    for left in ("4 fois", "3 fois", "2 fois", "une fois"):
        type_pin(tablet, "0000")
        tablet.wait_for_selector(f"text=encore essayer {left}")
    type_pin(tablet, "0000")
    tablet.wait_for_selector("text=bloqué")
    type_pin(tablet, PIN)
    tablet.wait_for_selector("text=Votre code est bloqué pour 15 minutes")
    check(tablet, "10-pin-locked")


def test_anonymous_then_signed_feedback(tablet, server):
    tablet.tap("text=Je donne mon avis")
    tablet.wait_for_selector("#text")
    check(tablet, "11-feedback-form")
    tablet.tap("label:has(input[name=scope][value=collective])")
    tablet.tap("label:has(input[name=mood][value='4'])")
    tablet.fill("#text", "Merci pour l'atelier, on pourrait aller au marché.")
    check(tablet, "12-feedback-filled")
    tablet.tap("button:has-text('Envoyer')")
    tablet.wait_for_selector("text=Merci !")
    check(tablet, "13-feedback-thanks")
    tablet.wait_for_selector("text=Je signe ma présence")  # « Merci » goes home by itself: no goto racing it
    tablet.goto(server["base"] + "/avis")
    tablet.wait_for_selector("#text")
    tablet.tap("label:has(input[name=scope][value=personal])")
    tablet.tap("label:has(input[name=mood][value='2'])")
    tablet.tap("label:has(input[name=signer][value=prenom])")
    tablet.tap("button:has-text('Envoyer')")
    tablet.wait_for_selector("text=Qui donne son avis ?")
    check(tablet, "14-feedback-who")
    tablet.tap("text=Élodie M.")
    tablet.wait_for_selector("#pin")
    type_pin(tablet, PIN)
    tablet.wait_for_selector("text=Merci, Élodie !")
    the_day_is_over(server["db"])  # the anonymous one waited sealed in the session's pool until then
    with server["db"]() as db:
        rows = db.scalars(select(Feedback).where(Feedback.session_id == server["session_id"])).all()
        anonymous = [f for f in rows if f.participant_id is None]
        signed = [f for f in rows if f.participant_id == server["people"]["Élodie"]]
        assert len(anonymous) == 1 and len(signed) == 1
        assert anonymous[0].text.startswith("Merci pour l'atelier")
        assert (anonymous[0].scope.value, anonymous[0].mood.value) == ("collective", "4")
        assert (signed[0].scope.value, signed[0].mood.value) == ("personal", "2")


def test_idle_screen_returns_home_and_forgets(tablet, server):
    tablet.clock.install()  # Playwright's clock, from the next screen on: time flows, and the test jumps ahead
    tablet.tap("text=Je donne mon avis")
    tablet.wait_for_selector("#text")
    tablet.fill("#text", "Un avis que personne ne doit retrouver")
    tablet.clock.fast_forward(IDLE_SECONDS * 1000)  # no touch for the whole idle time
    tablet.wait_for_selector("text=Je signe ma présence")
    assert tablet.url.rstrip("/") == server["base"]
    tablet.tap("text=Je donne mon avis")
    tablet.wait_for_selector("#text")
    assert tablet.input_value("#text") == ""


def test_discover_the_group(tablet, server):
    tablet.tap("text=Je découvre le groupe")
    tablet.wait_for_selector("#first_name")
    check(tablet, "15-discover")
    tablet.fill("#first_name", "Zoé")
    tablet.tap("button:has-text('C\\'est parti')")
    tablet.wait_for_selector("text=Bienvenue, Zoé !")
    check(tablet, "16-discover-welcome")


def test_error_screen(tablet, server):
    tablet.goto(server["base"] + "/nulle-part")
    assert tablet.locator("h1").inner_text() == "Cette page n'existe pas"
    check(tablet, "17-not-found")
