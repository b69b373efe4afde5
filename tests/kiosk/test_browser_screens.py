"""Every kiosk screen fits a tablet without scrolling, at 1024×600, 1280×800 and 800×1280 with touch.

Bounding boxes prove it: every button, tile, key, choice and field of a screen lies inside the
viewport, and nothing scrolls. axe-core finds no violation at all on any screen. « Écouter » speaks
with the browser's French voice, else with the server's audio, and says so when nothing can play.
Screenshots: test-artifacts/kiosk/screens/. Needs and set-up: tests/kiosk/browser_support.py.
"""

from __future__ import annotations

import json

import pytest
from tests.chromium import serve

from .browser_support import kiosk_app, kiosk_database, screen, seed_today, tablet_context, type_pin


pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}
# 30 people: the biggest group that must fit one screen (first name and initial, some long).
FIRST_NAMES = ["Fatima", "Aurélien", "Élodie", "Karim", "Josiane", "Mamadou", "Brigitte", "Marie-Christine",
               "Jean-Baptiste", "Nadia", "Sylvie", "Mohamed", "Chantal", "Kevin", "Aïcha", "Patrick", "Samira",
               "Gérard", "Yasmina", "Thierry", "Fatoumata", "Bernard", "Leïla", "Dominique", "Rachid", "Monique",
               "Abdelkader", "Christelle", "Ousmane", "Véronique"]
SYMBOLS = ["chat", "pomme", "velo", "soleil", "tortue", "cerises", "ballon", "hibou"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiosk-screens")
    with kiosk_database(folder) as (url, sessions):
        with sessions() as db:
            people = [(first, "BCDLMPRST"[i % 9] + "ernard") for i, first in enumerate(FIRST_NAMES)]
            today = seed_today(db, people, theme=True, tablet="Tablette")
            for person, symbol in zip(today.people.values(), SYMBOLS):
                if hasattr(person, "symbol"):
                    person.symbol = symbol
            db.commit()
            token, names = today.token, {first: p.kiosk_name for first, p in today.people.items()}
        app = kiosk_app(url, "browser-screens", KIOSK_IDLE_SECONDS=120, KIOSK_WELCOME_SECONDS=60,
                        KIOSK_SPEECH_CACHE=str(folder / "speech"))
        with serve(app) as base:
            yield {"base": base, "token": token, "names": names}


def open_tablet(chromium, server, size: str, *, init_script: str | None = None):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[size])
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
    page.wait_for_load_state("domcontentloaded")  # speech.js (deferred) listens for the long press from then on
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
    # One request: the answer is the audio itself (no second request, no address naming the text).
    assert len(answers) == 1
    prepared = answers[0]
    assert prepared.status == 200 and "Je signe ma présence" in json.loads(prepared.request.post_data)["text"]
    assert prepared.headers["content-type"] == "audio/mpeg"  # lame (Debian): MP3, test_browser_speech.py
    assert page.locator("[data-speak-screen]").inner_text().strip() == "Écouter"
    page.context.close()


def test_a_long_press_reads_a_key_without_pressing_it(chromium, server):
    page = open_tablet(chromium, server, "1280x800", init_script=FRENCH_VOICE)
    page.tap("a.action.signin")
    page.tap(f".tile:has-text('{server['names']['Brigitte']}')")
    page.wait_for_selector(".keypad")
    page.wait_for_load_state("domcontentloaded")  # speech.js (deferred) listens for the long press from then on
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
