"""Back shows nothing of a finished journey, in Chromium at 1024×600, 1280×800 and 800×1280 with touch (#12).

After each journey (sign-in, wrong PIN, lock, visitor, opinion, an opinion left with « Accueil »), the
next person presses the browser's Back, once and twice: no name welcomed, no text typed, no face or
choice ticked, no PIN, and « Envoyer » pressed again stores nothing more. Every screen, home included,
warns « Vous êtes toujours là ? » before its idle reset. Needs and set-up: tests/kiosk/browser_support.py.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from sqlalchemy import func, select

from shared.anonymity.queries import waiting_opinions
from shared.feedback.models import Feedback
from shared.kiosk.models import WalkIn
from tests.chromium import serve

from .browser_support import PIN, kiosk_app, kiosk_database, seed_today, tablet_context, type_pin

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}
IDLE_SECONDS = 12  # the warning opens 6 s before the reset: time enough to answer it on a busy machine
WARNING_AHEAD_MS = IDLE_SECONDS * 1000 // 2  # kiosk.js opens « Vous êtes toujours là ? » min(10, idle / 2) s before
PEOPLE = ("Fatima", "Aurélien", "Élodie", "Karim", "Josiane", "Mamadou", "Brigitte", "Nadia", "Sylvie")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with kiosk_database(tmp_path_factory.mktemp("kiosk-history")) as (url, sessions):
        with sessions() as db:
            today = seed_today(db, [(first, "Témoin") for first in PEOPLE])
            db.commit()
            data = {"token": today.token, "people": {f: p.id for f, p in today.people.items()},
                    "session_id": today.session.id}
        app = kiosk_app(url, "browser-test", KIOSK_IDLE_SECONDS=IDLE_SECONDS, KIOSK_WELCOME_SECONDS=3)
        slow = set()  # paths served late, as over a slow Wi-Fi
        with serve(slow_paths(app, slow)) as base:
            yield data | {"base": base, "db": sessions, "slow": slow}


def slow_paths(app, slow: set, delay: float = 2.0):
    """The app, with the paths in ``slow`` answered ``delay`` seconds late."""
    def middleware(environ, start_response):
        if environ["PATH_INFO"] in slow:
            time.sleep(delay)
        return app(environ, start_response)
    return middleware


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[request.param], bypass_csp=False)
    page = context.new_page()
    page.goto(server["base"] + "/")
    yield page
    context.close()


def count(server, model, **where) -> int:
    with server["db"]() as db:
        query = select(func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.scalar(query)


def opinions(server) -> int:
    """The session's opinions, written or still waiting sealed in its pool."""
    with server["db"]() as db:
        return count(server, Feedback, session_id=server["session_id"]) + db.scalar(waiting_opinions(server["session_id"]))


def at_home(page) -> None:
    page.wait_for_url("**/", timeout=10_000)
    page.wait_for_selector("nav.actions")


# What a screen still holds: visible text, typed values, ticked choices (defaults left out).
LEFT_BEHIND = """() => ({
  text: document.body ? document.body.innerText : "",
  typed: [...document.querySelectorAll("input:not([type=hidden]):not([type=radio]), textarea")]
           .map(e => e.value).filter(v => v),
  ticked: [...document.querySelectorAll("input[type=radio]")].filter(e => e.checked && !e.defaultChecked)
           .map(e => e.name + "=" + e.value),
})"""


def press_back(page) -> dict:
    """What the screen shows once it has settled after Back: a page brought back may reload itself
    (kiosk.js), later than 300 ms on a busy machine; it is then read again, as a person would see it."""
    with contextlib.suppress(Exception):  # a POST's page may come back as the browser's own error page
        page.go_back(wait_until="load", timeout=10_000)
    for attempt in range(3):
        page.wait_for_timeout(300)
        page.wait_for_load_state("load")
        try:
            return page.evaluate(LEFT_BEHIND)
        except Exception as error:  # playwright's Error (no playwright import at module level)
            if "Execution context was destroyed" not in str(error) or attempt == 2:
                raise


def assert_back_shows_nothing(page, *secrets: str) -> None:
    for _ in range(2):
        left = press_back(page)
        for secret in secrets:
            assert secret not in left["text"], (secret, page.url)
        assert left["typed"] == [] and left["ticked"] == [], (left, page.url)


def size(page) -> str:
    return f"{page.viewport_size['width']}x{page.viewport_size['height']}"


def pick(page, first: str) -> None:
    page.tap(f"button.tile:has-text('{first}')")


def test_back_after_a_sign_in(tablet, server):
    who = {"1024x600": "Fatima", "1280x800": "Élodie", "800x1280": "Nadia"}[size(tablet)]
    tablet.tap("a.action.signin")
    pick(tablet, who)
    type_pin(tablet, PIN)
    tablet.wait_for_selector(f"text=Bienvenue, {who}")
    at_home(tablet)
    assert_back_shows_nothing(tablet, "Bienvenue", "tapez votre code")


def test_back_after_a_wrong_pin(tablet, server):
    tablet.tap("a.action.signin")
    pick(tablet, "Aurélien")
    type_pin(tablet, "0000")
    tablet.wait_for_selector("text=Ce code n'est pas le bon")
    tablet.tap("header a.button")  # « Accueil »
    at_home(tablet)
    assert_back_shows_nothing(tablet, "Ce code n'est pas le bon", "Aurélien T., tapez")


def test_back_after_a_lock(tablet, server):
    who = {"1024x600": "Karim", "1280x800": "Josiane", "800x1280": "Mamadou"}[size(tablet)]
    tablet.tap("a.action.signin")
    pick(tablet, who)
    for _ in range(5):
        type_pin(tablet, "0000")
        tablet.wait_for_selector(".error")
    tablet.wait_for_selector("text=bloqué")
    tablet.tap("header a.button")
    at_home(tablet)
    assert_back_shows_nothing(tablet, "bloqué", f"{who} T., tapez")


def test_back_after_a_visitor(tablet, server):
    before = count(server, WalkIn)
    visitor = {"1024x600": "Zoé", "1280x800": "Maël", "800x1280": "Inès"}[size(tablet)]
    tablet.tap("a.action.discover")
    tablet.fill("#first_name", visitor)
    tablet.tap("form button[type=submit]")
    tablet.wait_for_selector(f"text=Bienvenue, {visitor}")
    at_home(tablet)
    assert_back_shows_nothing(tablet, visitor)
    assert count(server, WalkIn) == before + 1


def test_what_is_typed_before_the_screen_has_loaded_is_kept(tablet, server):
    """On a slow Wi-Fi the form shows before its pictograms: a name typed then is sent as typed."""
    before = count(server, WalkIn)
    visitor = {"1024x600": "Lina", "1280x800": "Noé", "800x1280": "Rose"}[size(tablet)]
    server["slow"].add("/static/pictos/discover.svg")
    try:
        tablet.tap("a.action.discover", no_wait_after=True)
        tablet.wait_for_selector("#first_name")
        tablet.fill("#first_name", visitor)
        tablet.wait_for_load_state("load")  # the late pictogram has come
    finally:
        server["slow"].clear()
    # Still there: a key pressed (it also closes « Vous êtes toujours là ? » if the slow load took that long).
    tablet.keyboard.press("End")
    assert tablet.input_value("#first_name") == visitor
    tablet.tap("form button[type=submit]")
    tablet.wait_for_selector(f"text=Bienvenue, {visitor}")
    assert count(server, WalkIn) == before + 1


def fill_opinion(page, text: str) -> None:
    page.tap("a.action.opinion")
    page.tap("label.choice:has(input[name=scope][value=collective])")
    page.tap("label.choice:has(input[name=mood][value='2'])")
    page.fill("#text", text)


def test_back_after_an_opinion_shows_an_empty_form_and_stores_nothing_more(tablet, server):
    before = opinions(server)
    fill_opinion(tablet, "Le repas était froid, je ne le dirai qu'une fois.")
    tablet.tap("button.send")
    tablet.wait_for_selector("text=Merci")
    at_home(tablet)
    assert_back_shows_nothing(tablet, "froid", "Merci")
    if tablet.locator("button.send").count():  # Back landed on a form: sending it again stores nothing
        tablet.tap("button.send")
        tablet.wait_for_timeout(500)
    assert opinions(server) == before + 1


def test_back_after_an_opinion_left_with_home(tablet, server):
    before = opinions(server)
    fill_opinion(tablet, "Un avis que je n'envoie pas.")
    tablet.wait_for_timeout(1500)
    tablet.tap("header a.button")  # « Accueil » instead of « Envoyer »
    at_home(tablet)
    assert_back_shows_nothing(tablet, "que je n'envoie pas")
    assert opinions(server) == before


@pytest.mark.parametrize("start", ["/", "/avis"])
def test_every_screen_warns_before_its_idle_reset(tablet, server, start):
    # Playwright's clock: time flows as usual, and the test jumps ahead instead of waiting. Only here: it also
    # empties performance.getEntriesByType(), by which kiosk.js tells a page brought back by « Back ».
    tablet.clock.install()
    tablet.goto(server["base"] + start)
    if start == "/avis":
        tablet.fill("#text", "Je réfléchis…")
    warning = tablet.locator("#idle-warning")
    tablet.clock.fast_forward(IDLE_SECONDS * 1000 - WARNING_AHEAD_MS)  # no touch since the screen opened
    warning.wait_for(state="visible")
    assert "Vous êtes toujours là ?" in warning.inner_text()
    tablet.tap("#idle-warning button.button")  # « Oui, je suis là »: the screen stays as it is
    warning.wait_for(state="hidden")
    tablet.wait_for_timeout(300)  # a click that went through the warning would have started a navigation by now
    assert tablet.url.endswith(start)
    tablet.clock.fast_forward(IDLE_SECONDS * 1000 - WARNING_AHEAD_MS)
    warning.wait_for(state="visible")
    tablet.clock.fast_forward(WARNING_AHEAD_MS)
    at_home(tablet)
    assert tablet.evaluate(LEFT_BEHIND)["typed"] == []


def test_the_warning_stays_under_the_finger_and_its_tap_lands_on_it(tablet, server):
    """A finger resting a moment on « Oui, je suis là » (a slow tap, as many of our participants tap): the warning
    stays until the finger lifts, and the tap's click lands on its button, not on the screen beneath. The warning
    used to close as the finger touched, and the click then opened « Découvrir » under it (1024×600)."""
    tablet.clock.install()
    tablet.goto(server["base"] + "/")
    warning = tablet.locator("#idle-warning")
    tablet.clock.fast_forward(IDLE_SECONDS * 1000 - WARNING_AHEAD_MS)
    warning.wait_for(state="visible")
    box = tablet.locator("#idle-warning button.button").bounding_box()
    point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    touch = tablet.context.new_cdp_session(tablet)
    touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
    tablet.wait_for_timeout(250)
    assert warning.is_visible(), "the warning closed under the finger"
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    warning.wait_for(state="hidden")
    tablet.wait_for_timeout(300)
    assert tablet.url == server["base"] + "/" and tablet.locator("nav.actions").count() == 1
