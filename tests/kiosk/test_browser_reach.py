"""Deciding together in reach, and screens that need no reading, in Chromium at 1024×600, 1280×800 and 800×1280
with touch (#26 items 1 to 4).

The decisions screen shows the last results and what became of them; « Je ne sais pas » has its own picture;
every small speaker is at least 48 px and lies beside its card, never on any card, on every screen that has
them; « Vous êtes toujours là ? » shows a picture, is read aloud and shows the time left as a bar that shrinks.
Every screen fits and axe-core finds no violation, the idle warning included. Screenshots:
test-artifacts/kiosk/screens/. Needs and set-up: tests/kiosk/browser_support.py.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from shared import clock
from shared.decisions.ballots import cast_ballot
from shared.decisions.operations import ChoiceInput, adopt_choice, close_vote, open_vote
from shared.writes import UNGUARDED
from tests.factories import Factory
from tests.chromium import serve

from .browser_support import (ARTIFACTS, axe_violations, keep_screenshot, kiosk_app, kiosk_database, screen,
                              seed_today, tablet_context)

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}
PEOPLE = ("Aïcha", "Bernard", "Chloé", "Driss")
IDLE_SECONDS = 20  # the warning opens 10 s before the reset
NB = "\u00a0"


def a_vote(db, group, question, today):
    return open_vote(db, group=group, question=question, opens_on=today, closes_on=today + dt.timedelta(days=7),
                     actor=None, choices=[ChoiceInput("Aller au cinéma", "theme-sorties"),
                                          ChoiceInput("Cuisine", "theme-cuisine"),
                                          ChoiceInput("Jardinage", "theme-jardinage")])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiosk-reach")
    with kiosk_database(folder) as (url, sessions):
        with sessions() as db:
            db.info[UNGUARDED] = True
            today = seed_today(db, [(first, "Martin") for first in PEOPLE], tablet="Tablette")
            day = clock.today()
            voters = list(today.people.values())
            chosen = a_vote(db, today.group, "Quelle sortie en janvier ?", day)
            for person, pick in zip(voters, [0, 0, 1]):
                cast_ballot(db, vote=chosen, participant=person, choice=chosen.choices[pick], today=day)
            few = a_vote(db, today.group, "Quel goûter ?", day)
            for person in voters[:2]:
                cast_ballot(db, vote=few, participant=person, choice=few.choices[2], today=day)
            for vote in (chosen, few):
                close_vote(db, vote, actor=None)
            coming = Factory(db).session(group=today.group, held_on=day + dt.timedelta(days=7))
            adopt_choice(db, chosen, choice=chosen.choices[0], session=coming, today=day, actor=None)
            ballot = a_vote(db, today.group, "Que fait-on à la prochaine séance ?", day)
            db.commit()
            data = {"token": today.token, "ballot": ballot.id, "chosen": chosen.id}
        settings = {"KIOSK_WELCOME_SECONDS": 60, "KIOSK_SPEECH_CACHE": str(folder / "speech")}
        with serve(kiosk_app(url, "browser-reach", KIOSK_IDLE_SECONDS=300, **settings)) as base, \
                serve(kiosk_app(url, "browser-reach", KIOSK_IDLE_SECONDS=IDLE_SECONDS, **settings)) as idle_base:
            yield data | {"base": base, "idle_base": idle_base}


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[request.param])
    page = context.new_page()
    page.size = request.param
    page.goto(server["base"] + "/")
    yield page
    context.close()


# Each speaker: its size, and every card (tile, action, choice, button) it covers, its own included.
SPEAKERS = """(root) => {
  root = document.querySelector(root);
  const cards = [...root.querySelectorAll('.sayable > :first-child')];
  const boxes = cards.map(c => [c, c.getBoundingClientRect()]);
  return [...root.querySelectorAll('.sayable > .say')].filter(s => !s.hidden && s.offsetParent).map(say => {
    const s = say.getBoundingClientRect();
    const covered = boxes.filter(([c, r]) => s.left < r.right - 0.5 && s.right > r.left + 0.5
                                            && s.top < r.bottom - 0.5 && s.bottom > r.top + 0.5)
                         .map(([c]) => (c.innerText || '').trim().slice(0, 30));
    const own = say.parentElement.firstElementChild.getBoundingClientRect();
    const gap = Math.max(own.left - s.right, s.left - own.right, own.top - s.bottom, s.top - own.bottom);
    return {say: say.dataset.say, width: s.width, height: s.height, covered, gap};
  });
}"""


def speakers_beside_their_cards(page, name: str, at_least: int, root: str = "body") -> None:
    found = page.evaluate(SPEAKERS, root)
    assert len(found) >= at_least, f"{name}: {len(found)} speakers"
    small = [(f["say"], f["width"], f["height"]) for f in found if f["width"] < 48 or f["height"] < 48]
    on_cards = [(f["say"], f["covered"]) for f in found if f["covered"]]
    far = [(f["say"], f["gap"]) for f in found if f["gap"] > 24]  # beside: next to its own card
    assert (small, on_cards, far) == ([], [], []), f"{name} at {page.size}"


def test_speakers_are_big_enough_and_beside_their_cards_on_every_screen(tablet, server):
    base = server["base"]
    for path, name, count in [("/", "r1-home", 4), ("/avis", "r2-opinion", 8), ("/decisions/idee", "r3-idea", 6),
                              (f"/decisions/vote/{server['ballot']}", "r4-ballot", 4),
                              ("/decisions", "r5-decisions", 4)]:
        tablet.goto(base + path)
        tablet.wait_for_selector(".say:not([hidden])")
        speakers_beside_their_cards(tablet, name, count)
        screen(tablet, name)


def test_a_tap_on_a_card_s_corner_chooses_it_and_never_plays_sound(tablet, server):
    tablet.goto(server["base"] + f"/decisions/vote/{server['ballot']}")
    card = tablet.locator("label.choice").first
    box = card.bounding_box()
    x, y = box["x"] + box["width"] - 10, box["y"] + 10  # where the speaker used to sit
    assert tablet.evaluate("([x, y]) => !document.elementFromPoint(x, y).closest('.say')", [x, y])
    tablet.touchscreen.tap(x, y)
    tablet.wait_for_function("() => document.querySelector('label.choice input').checked", timeout=5000)
    assert tablet.locator(".say.speaking").count() == 0


def test_decisions_show_the_last_results_and_what_became_of_them(tablet, server):
    tablet.tap("a.action.decide")
    tablet.wait_for_selector("a.action.result")
    main = tablet.inner_text("main")
    assert f"Choisi{NB}: Aller au cinéma, le" in main and "Pas assez de votes" in main
    assert "J'ai une idée" in main and "Je vote" in main
    chosen = tablet.locator("a.action.result", has_text="sortie")
    assert "theme-sorties" in chosen.locator("img").get_attribute("src")  # the choice's own picture
    few = tablet.locator("a.action.result", has_text="goûter")
    assert "Jardinage" not in few.inner_text()  # two voters: no choice named


def test_dont_know_has_its_own_picture_on_the_ballot(tablet, server):
    tablet.goto(server["base"] + f"/decisions/vote/{server['ballot']}")
    dont_know = tablet.locator("label.choice", has_text="Je ne sais pas").locator("img")
    src = dont_know.get_attribute("src")
    assert src.split("?")[0].endswith("/pictos/dont-know.svg")
    assert dont_know.evaluate("img => img.complete && img.naturalWidth > 0")


NO_BROWSER_VOICE = "Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_idle_warning_has_a_picture_is_spoken_and_shows_the_time_left_as_a_shrinking_bar(chromium, server, size):
    context = tablet_context(chromium, server["idle_base"], server["token"], SIZES[size])
    context.add_init_script(NO_BROWSER_VOICE)  # the words go to the server's voice: the request shows them
    spoken = []

    def speech(route):
        spoken.append(json.loads(route.request.post_data or "{}").get("text", ""))
        route.fulfill(status=503, content_type="application/json", body='{"error": "test"}')

    context.route("**/parler", speech)
    context.clock.install()  # Playwright's clock: time flows, and the test jumps to the warning
    page = context.new_page()
    page.size = size
    page.goto(server["idle_base"] + "/avis")
    page.tap("label.choice:has(input[name=mood][value='3'])")  # a person was here
    warning = page.locator("#idle-warning")
    page.clock.fast_forward(IDLE_SECONDS * 1000 // 2)  # kiosk.js warns min(10, idle / 2) s before the reset
    warning.wait_for(state="visible")
    picture = warning.locator("img.big-picto")
    assert picture.is_visible() and picture.evaluate("img => img.complete && img.naturalWidth > 0")
    bar = warning.locator(".time-left span")
    first = bar.bounding_box()["width"]
    page.wait_for_function("w => document.querySelector('#idle-warning .time-left span')"
                           ".getBoundingClientRect().width < w - 20", arg=first, timeout=8000)
    assert bar.evaluate("b => getComputedStyle(b).animationDuration") == f"{IDLE_SECONDS // 2}s"
    page.wait_for_function("() => document.querySelector('#idle-warning [data-say]').classList.contains('unavailable')"
                           " || document.querySelector('#idle-warning [data-say]').classList.contains('speaking')",
                           timeout=8000)
    assert any("Vous êtes toujours là" in text for text in spoken), spoken
    speakers_beside_their_cards(page, "idle-warning", 1, "#idle-warning")
    box, width, height = warning.bounding_box(), *SIZES[size]
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
    keep_screenshot(page, ARTIFACTS / "screens" / f"{size}-r6-idle-warning.png")
    violations = axe_violations(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == [], "axe on the idle warning"
    page.tap("#idle-warning button.button")  # « Oui, je suis là »: the screen stays, the bar starts full next time
    assert not warning.is_visible() and page.url.endswith("/avis")
    assert page.locator("label.choice:has(input[name=mood][value='3']) input").is_checked()
    context.close()
