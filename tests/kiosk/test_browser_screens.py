"""Every kiosk screen fits a tablet without scrolling, at 1024×600, 1280×800 and 800×1280 with touch.

Bounding boxes prove it: every button, tile, key, choice and field of a screen lies inside the
viewport, and nothing scrolls. axe-core finds no violation at all on any screen. « Écouter » speaks
with the browser's French voice, else with the server's audio, and says so when nothing can play.
Screenshots: test-artifacts/kiosk/screens/. Same needs as tests/kiosk/test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from kiosk import create_app
from shared import clock
from shared.db import make_engine, make_sessionmaker
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from shared.migrate import upgrade_to_head
from tests.factories import Factory
from tests.kiosk.test_browser import AXE, CHROMIUM, CHROMIUM_ARGS, PIN, _need, type_pin

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}
ARTIFACTS = AXE.parents[2] / "test-artifacts" / "kiosk" / "screens"
# 30 people: the biggest group that must fit one screen (first name and initial, some long).
FIRST_NAMES = ["Fatima", "Aurélien", "Élodie", "Karim", "Josiane", "Mamadou", "Brigitte", "Marie-Christine",
               "Jean-Baptiste", "Nadia", "Sylvie", "Mohamed", "Chantal", "Kevin", "Aïcha", "Patrick", "Samira",
               "Gérard", "Yasmina", "Thierry", "Fatoumata", "Bernard", "Leïla", "Dominique", "Rachid", "Monique",
               "Abdelkader", "Christelle", "Ousmane", "Véronique"]
SYMBOLS = ["chat", "pomme", "velo", "soleil", "tortue", "cerises", "ballon", "hibou"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    folder = tmp_path_factory.mktemp("kiosk-screens")
    url = f"sqlite:///{folder / 'kiosk.sqlite3'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    db = make_sessionmaker(engine)()
    now = clock.now()
    make = Factory(db)
    group = make.group(name="ID'MIX Les Tilleuls", checkin_opens_before=0)
    theme = make.theme(name="Cuisine du monde", pictogram="cuisine")
    make.session(group=group, theme=theme, title="Cuisine du monde", starts_at=dt.time(0, 0),
                 ends_at=dt.time(23, 59, 59))
    people = {}
    for i, first in enumerate(FIRST_NAMES):
        person = make.participant(group=group, first_name=first, last_name="BCDLMPRST"[i % 9] + "ernard")
        if i < len(SYMBOLS) and hasattr(person, "symbol"):
            person.symbol = SYMBOLS[i]
        set_pin(db, person, PIN, actor=None, now=now)
        people[first] = person
    token = enrol_device(db, code=create_enrolment_code(db, group=group, actor=None, now=now).code, now=now,
                         name="Tablette").token
    db.commit()
    names = {first: p.kiosk_name for first, p in people.items()}
    db.close()
    app = create_app({"SECRET_KEY": "browser-screens", "SQLALCHEMY_ENGINES": {"default": url},
                      "KIOSK_IDLE_SECONDS": 120, "KIOSK_WELCOME_SECONDS": 60, "KIOSK_FEEDBACK_INTERVAL_SECONDS": 0,
                      "KIOSK_SPEECH_CACHE": str(folder / "speech")})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield {"base": f"http://127.0.0.1:{httpd.server_port}", "token": token, "names": names}
    httpd.shutdown()
    engine.dispose()


@pytest.fixture(scope="module")
def chromium(server):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_tablet(chromium, server, size: str, *, init_script: str | None = None):
    width, height = SIZES[size]
    context = chromium.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=False,
                                   locale="fr-FR", bypass_csp=True)
    context.add_cookies([{"name": "idmix_kiosk_device", "value": server["token"], "url": server["base"]}])
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.goto(server["base"] + "/")
    return page


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    page = open_tablet(chromium, server, request.param)
    page.size = request.param
    yield page
    page.context.close()


OUTSIDE = """() => {
  const w = window.innerWidth, h = window.innerHeight, bad = [];
  const scroller = document.scrollingElement;
  if (scroller.scrollHeight > h + 1 || scroller.scrollWidth > w + 1) bad.push(`page scrolls ${scroller.scrollWidth}x${scroller.scrollHeight}`);
  for (const el of document.querySelectorAll('main button, main a, main input:not([type=hidden]):not([type=radio]), main textarea, main label.choice, header .button')) {
    if (el.hidden || el.closest('[hidden]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.top < -1 || r.left < -1 || r.bottom > h + 1 || r.right > w + 1)
      bad.push(`${el.tagName.toLowerCase()} «${(el.innerText || el.getAttribute('aria-label') || el.id).trim().slice(0, 30)}» at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
  }
  const main = document.getElementById('main');
  if (main.scrollHeight > main.clientHeight + 1) bad.push(`main scrolls ${main.scrollHeight} > ${main.clientHeight}`);
  return bad;
}"""


def screen(page, name: str) -> None:
    """The screen fits without scrolling, has no axe-core violation, and is kept as a screenshot."""
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{page.size}-{name}.png"))
    assert page.evaluate(OUTSIDE) == [], f"{name} at {page.size} does not fit"
    _need(AXE.exists(), f"{AXE} is missing: run `npm install --no-audit --no-fund` at the repository root")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == [], f"axe on {name}"


def test_home(tablet):
    screen(tablet, "01-home")


def test_sign_in_a_group_of_30_then_the_pin(tablet, server):
    tablet.tap("a.action.signin")
    tablet.wait_for_selector(".tile")
    assert tablet.locator(".tile").count() == 30
    assert tablet.locator(".letters").count() == 0
    screen(tablet, "02-sign-in-30")
    tablet.tap(f".tile:has-text('{server['names']['Fatima']}')")
    tablet.wait_for_selector(".keypad")
    screen(tablet, "03-pin")
    type_pin(tablet, "0000")
    tablet.wait_for_selector(".error")
    assert "pin-wrong.svg" in tablet.locator(".error img").get_attribute("src")
    screen(tablet, "04-wrong-pin")


def test_a_locked_pin(tablet, server):
    person = {"1024x600": "Karim", "1280x800": "Josiane", "800x1280": "Mamadou"}[tablet.size]
    tablet.tap("a.action.signin")
    tablet.tap(f".tile:has-text('{server['names'][person]}')")
    tablet.wait_for_selector(".keypad")
    for _ in range(6):
        type_pin(tablet, "0000")
        tablet.wait_for_selector(".error")
        if "pin-locked.svg" in tablet.locator(".error img").get_attribute("src"):
            break
    assert "pin-locked.svg" in tablet.locator(".error img").get_attribute("src")
    screen(tablet, "05-pin-locked")


def test_the_opinion_form_and_its_own_messages(tablet):
    tablet.tap("a.action.opinion")
    tablet.wait_for_selector("#text")
    screen(tablet, "06-opinion")
    tablet.tap("button.send")
    tablet.wait_for_selector(".error")
    assert "Touchez le visage" in tablet.locator("main").inner_text()
    assert tablet.evaluate("[...document.querySelectorAll('input, textarea')].every(e => e.validationMessage === '')")
    screen(tablet, "07-opinion-incomplete")
    tablet.tap("label:has(input[name=scope][value=collective])")
    tablet.tap("label:has(input[name=mood][value='3'])")
    tablet.tap("button.send")
    tablet.wait_for_selector("text=Merci !")
    screen(tablet, "08-opinion-thanks")


def test_a_visitor(tablet):
    tablet.tap("a.action.discover")
    tablet.wait_for_selector("#first_name")
    screen(tablet, "09-visitor")
    tablet.tap("button.send")
    tablet.wait_for_selector(".error")
    assert tablet.locator(".error").inner_text().strip() == "Écrivez votre prénom."
    assert tablet.evaluate("document.querySelector('#first_name').validationMessage") == ""
    screen(tablet, "10-visitor-no-name")
    tablet.fill("#first_name", "Zoé")
    tablet.tap("button.send")
    tablet.wait_for_selector("text=Bienvenue, Zoé !")
    screen(tablet, "11-visitor-welcome")


def test_an_error_screen(tablet, server):
    tablet.goto(server["base"] + "/nulle-part")
    screen(tablet, "12-not-found")


# --- « Écouter » --------------------------------------------------------------------------------------

FRENCH_VOICE = """
(() => {
  const spoken = [];
  window.__spoken = spoken;
  const voice = {lang: 'fr-FR', name: 'Test français', default: true, localService: true, voiceURI: 'fr'};
  Object.defineProperty(window, 'speechSynthesis', {value: {
    getVoices: () => [voice], speak: (u) => { spoken.push(u.text); setTimeout(() => u.dispatchEvent(new Event('end')), 10); },
    cancel: () => {}, addEventListener: () => {}, speaking: false}});
  window.SpeechSynthesisUtterance = class extends EventTarget { constructor(t) { super(); this.text = t; } };
})();
"""
NO_VOICE = "Object.defineProperty(window, 'speechSynthesis', {value: {getVoices: () => [], speak() {}, cancel() {}, addEventListener() {}}});"


def test_listen_uses_the_browsers_french_voice(chromium, server):
    page = open_tablet(chromium, server, "1280x800", init_script=FRENCH_VOICE)
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "/parler" in r.url else None)
    page.tap("[data-speak-screen]")
    page.wait_for_function("window.__spoken.length > 0")
    said = page.evaluate("window.__spoken[0]")
    assert "Je signe ma présence" in said and "Je donne mon avis" in said and asked == []
    page.evaluate("window.__spoken.length = 0")
    page.tap(".sayable:has(a.action.opinion) .say")
    page.wait_for_function("window.__spoken.length > 0")
    assert page.evaluate("window.__spoken[0]") == "Je donne mon avis" and page.locator(".today").count() == 1
    page.tap("a.action.signin")
    page.wait_for_selector(".tile")
    page.evaluate("window.__spoken.length = 0")
    tile = page.locator(f".tile:has-text('{server['names']['Fatima']}')").bounding_box()
    page.mouse.move(tile["x"] + 20, tile["y"] + 20)
    page.mouse.down()
    page.wait_for_function("window.__spoken.length > 0")
    page.mouse.up()
    assert page.evaluate("window.__spoken[0]").startswith(server["names"]["Fatima"])
    page.wait_for_timeout(300)
    assert page.locator(".keypad").count() == 0  # reading a tile does not sign in
    page.context.close()


def test_without_a_voice_the_server_speaks(chromium, server):
    page = open_tablet(chromium, server, "1024x600", init_script=NO_VOICE)
    answers = []
    page.on("response", lambda r: answers.append(r) if "/parler" in r.url else None)
    page.tap("[data-speak-screen]")
    page.wait_for_function("document.body.dataset.spoken === 'server'")
    prepared, audio = answers[0], answers[-1]
    assert prepared.status == 200 and "Je signe ma présence" in json.loads(prepared.request.post_data)["text"]
    assert audio.url.endswith(".wav") and audio.status in (200, 206)
    assert audio.headers["content-type"] == "audio/wav"
    assert page.locator("[data-speak-screen]").inner_text().strip() == "Écouter"
    page.context.close()


def test_a_long_press_reads_a_key_without_pressing_it(chromium, server):
    page = open_tablet(chromium, server, "1280x800", init_script=FRENCH_VOICE)
    page.tap("a.action.signin")
    page.tap(f".tile:has-text('{server['names']['Brigitte']}')")
    page.wait_for_selector(".keypad")
    key = page.locator(".keypad button[data-key='7']").bounding_box()
    page.mouse.move(key["x"] + 20, key["y"] + 20)
    page.mouse.down()
    page.wait_for_function("window.__spoken.length > 0")
    page.mouse.up()
    assert page.evaluate("window.__spoken[0]") == "7" and page.input_value("#pin") == ""
    page.context.close()


def test_when_nothing_can_play_the_button_says_so(chromium, server):
    page = open_tablet(chromium, server, "1024x600", init_script=NO_VOICE)
    page.route("**/parler", lambda route: route.fulfill(status=503, content_type="application/json",
                                                        body='{"error": "Le son n\'est pas disponible."}'))
    page.tap("[data-speak-screen]")
    page.wait_for_selector("[data-speak-screen].unavailable")
    button = page.locator("[data-speak-screen]")
    assert button.inner_text().strip() == "Pas de son"
    assert "listen-off.svg" in button.locator("img").get_attribute("src")
    page.size = "1024x600"
    screen(page, "13-no-sound")
    page.context.close()
