"""The kiosk in real Chromium on a 10-inch tablet (1280×800, touch), with axe-core on every screen.

The app runs in a thread against a migrated SQLite file (not the isolated test connection). The
clock can't be frozen across threads, so today's session spans the whole real day.
Screenshots land in test-artifacts/kiosk/. Needs Debian's chromium and `npm install` (axe-core);
skipped without them unless IDMIX_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from kiosk import create_app
from shared import clock
from shared.db import make_engine, make_sessionmaker
from shared.feedback.models import Feedback
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from shared.migrate import upgrade_to_head
from shared.sessions.models import Attendance
from tests.factories import Factory

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "kiosk"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PIN = "4821"
IDLE_SECONDS = 3
REQUIRED = os.environ.get("IDMIX_REQUIRE_BROWSER") == "1"


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if REQUIRED:
        pytest.fail(f"{reason} (IDMIX_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    url = f"sqlite:///{tmp_path_factory.mktemp('kiosk-browser') / 'kiosk.sqlite3'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    data = _seed(make_sessionmaker(engine)())
    app = create_app({
        "SECRET_KEY": "browser-test", "SQLALCHEMY_ENGINES": {"default": url}, "KIOSK_IDLE_SECONDS": IDLE_SECONDS,
        "KIOSK_WELCOME_SECONDS": 2, "KIOSK_FEEDBACK_INTERVAL_SECONDS": 1,
    })
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    data["base"] = f"http://127.0.0.1:{httpd.server_port}"
    data["db"] = make_sessionmaker(engine)
    yield data
    httpd.shutdown()
    engine.dispose()


def _seed(db) -> dict:
    now = clock.now()
    make = Factory(db)
    group = make.group(name="ID'MIX Les Tilleuls", checkin_opens_before=0)
    theme = make.theme(name="Cuisine du monde", pictogram="cuisine")
    session = make.session(group=group, theme=theme, title="Cuisine du monde", starts_at=dt.time(0, 0),
                           ends_at=dt.time(23, 59, 59))
    people = {}
    for first, last in (("Fatima", "Benali"), ("Aurélien", "Petit"), ("Élodie", "Martin"), ("Karim", "Diallo"),
                        ("Josiane", "Leroy"), ("Mamadou", "Sow"), ("Brigitte", "Roux")):
        people[first] = make.participant(group=group, first_name=first, last_name=last)
        set_pin(db, people[first], PIN, actor=None, now=now)
    codes = [create_enrolment_code(db, group=group, actor=None, now=now).code for _ in range(2)]
    token = enrol_device(db, code=codes[1], now=now, name="Tablette de test").token
    db.commit()
    ids = {first: p.id for first, p in people.items()}
    result = {"code": codes[0], "token": token, "people": ids, "session_id": session.id}
    db.close()
    return result


@pytest.fixture(scope="module")
def chromium(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(chromium, server, *, enrolled: bool, portrait: bool = False):
    size = {"width": 800, "height": 1280} if portrait else {"width": 1280, "height": 800}
    # bypass_csp lets the test inject axe-core; the app's own pages need no inline script.
    context = chromium.new_context(viewport=size, has_touch=True, is_mobile=False, locale="fr-FR", bypass_csp=True)
    if enrolled:
        context.add_cookies([{"name": "idmix_kiosk_device", "value": server["token"], "url": server["base"]}])
    return context


@pytest.fixture
def tablet(chromium, server):
    context = _context(chromium, server, enrolled=True)
    page = context.new_page()
    page.goto(server["base"] + "/")
    yield page
    context.close()


def check(page, name: str) -> None:
    """Screenshot the screen as an artefact, then run axe-core: no serious or critical violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    _need(AXE.exists(), f"{AXE} is missing: run `npm install --no-audit --no-fund` at the repository root")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
           if v["impact"] in ("serious", "critical")]
    assert bad == [], f"axe-core on {name}: {bad}"


def type_pin(page, pin: str) -> None:
    for digit in pin:
        page.tap(f".keypad button[data-key='{digit}']")
    page.tap(".keypad button.ok")


def test_unenrolled_tablet_is_refused(chromium, server):
    context = _context(chromium, server, enrolled=False)
    page = context.new_page()
    page.goto(server["base"] + "/signer")
    assert page.locator("h1").inner_text() == "Cette tablette n'est pas activée"
    check(page, "01-not-enrolled")
    context.close()


def test_enrol_a_tablet_once(chromium, server):
    context = _context(chromium, server, enrolled=False)
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
    other = _context(chromium, server, enrolled=False).new_page()
    other.goto(server["base"] + "/activer")
    other.fill("#code", server["code"])
    other.tap("button:has-text('Activer')")
    assert "Ce code a déjà servi" in other.locator(".error").inner_text()
    check(other, "03-replayed-code")
    other.context.close()
    context.close()


def test_home_screen(tablet, chromium, server):
    assert "Aujourd'hui : Cuisine du monde" in tablet.locator("h1").inner_text()
    for words in ("Je signe ma présence", "Je donne mon avis", "Je découvre le groupe"):
        box = tablet.locator(f"a:has-text('{words}')").bounding_box()
        assert box["height"] >= 48 and box["width"] >= 48
    check(tablet, "04-home")
    portrait = _context(chromium, server, enrolled=True, portrait=True).new_page()
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
    tablet.wait_for_selector("text=Bienvenue, Fatima !")
    check(tablet, "08-welcome")
    tablet.wait_for_selector("text=Je signe ma présence", timeout=6000)  # back home on its own
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
    tablet.wait_for_selector("text=Merci !")
    check(tablet, "13-feedback-thanks")
    time.sleep(1.2)  # the tablet's anti double-tap pause (1 s in this test app)
    tablet.goto(server["base"] + "/avis")
    tablet.wait_for_selector("#text")
    tablet.tap("label:has(input[name=scope][value=personal])")
    tablet.tap("label:has(input[name=mood][value='2'])")
    tablet.tap("label:has(input[name=signer][value=prenom])")
    tablet.tap("button:has-text('Envoyer')")
    tablet.wait_for_selector("text=Qui donne son avis ?")
    check(tablet, "14-feedback-who")
    tablet.tap("text=Élodie M.")
    tablet.wait_for_selector("#pin")
    type_pin(tablet, PIN)
    tablet.wait_for_selector("text=Merci, Élodie !")
    with server["db"]() as db:
        rows = db.scalars(select(Feedback).where(Feedback.session_id == server["session_id"])).all()
        anonymous = [f for f in rows if f.participant_id is None]
        signed = [f for f in rows if f.participant_id == server["people"]["Élodie"]]
        assert len(anonymous) == 1 and len(signed) == 1
        assert anonymous[0].text.startswith("Merci pour l'atelier")
        assert (anonymous[0].scope.value, anonymous[0].mood.value) == ("collective", "4")
        assert (signed[0].scope.value, signed[0].mood.value) == ("personal", "2")


def test_idle_screen_returns_home_and_forgets(tablet, server):
    tablet.tap("text=Je donne mon avis")
    tablet.wait_for_selector("#text")
    tablet.fill("#text", "Un avis que personne ne doit retrouver")
    tablet.wait_for_selector("text=Je signe ma présence", timeout=(IDLE_SECONDS + 3) * 1000)
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
    tablet.wait_for_selector("text=Bienvenue, Zoé !")
    check(tablet, "16-discover-welcome")


def test_error_screen(tablet, server):
    tablet.goto(server["base"] + "/nulle-part")
    assert tablet.locator("h1").inner_text() == "Cette page n'existe pas"
    check(tablet, "17-not-found")
