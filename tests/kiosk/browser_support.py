"""What the kiosk's Chromium tests share: the kiosk app on a migrated SQLite file, an enrolled tablet, today's
people with their PIN, and the checks of a screen (screenshot, fit, axe-core). Chromium itself, its
launch and the local server: ``tests/chromium.py``.

The app runs in a thread against a migrated SQLite file (not the isolated test connection). The clock
can't be frozen across threads, so today's session spans the whole real day. Needs Debian's chromium and
`npm install` (axe-core); skipped without them unless IDMIX_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk import DEFAULTS, create_app
from shared import clock
from shared.anonymity.batches import flush_due_pools
from shared.db import make_engine, make_sessionmaker
from shared.writes import UNGUARDED
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from tests.chromium import need
from tests.databases import migrated_sqlite
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "kiosk"
PIN = "4821"


@contextlib.contextmanager
def kiosk_database(folder: Path) -> Iterator[tuple[str, object]]:
    """A migrated SQLite file in ``folder``: its URL and a sessionmaker on it."""
    url = migrated_sqlite(folder / "kiosk.sqlite3")
    engine = make_engine(url)
    try:
        yield url, make_sessionmaker(engine, info={UNGUARDED: True})  # the test's set-up writes directly
    finally:
        engine.dispose()


def kiosk_app(url: str, secret_key: str, **settings):
    """The kiosk app on the database at ``url``, with ``settings`` (KIOSK_IDLE_SECONDS=…) over its defaults."""
    return create_app({"SECRET_KEY": secret_key, "SQLALCHEMY_ENGINES": {"default": url}} | settings)


def the_day_is_over(sessions) -> None:
    """What the first request of the next day does: the anonymous answers left waiting in a pool are written
    (the server runs in this process: it seals with this process's secret key)."""
    with sessions() as db, db.begin():
        flush_due_pools(db, today=clock.today() + dt.timedelta(days=1))


@dataclass
class Today:
    """A group with today's session (all day long), its people by first name (PIN 4821) and a tablet's token."""

    group: object
    session: object
    people: dict
    token: str


def seed_today(db, people: Iterable[tuple[str, str]], *, theme: bool = False,
               tablet: str = "Tablette de test") -> Today:
    """Group « ID'MIX Les Tilleuls », open to sign-in all day, its session « Cuisine du monde » (with the theme
    of that name if ``theme``), ``people`` (first name, last name) with PIN 4821, and an enrolled tablet
    named ``tablet``. Flushed, not committed: the caller adds its own rows, then commits."""
    now = clock.now()
    make = Factory(db)
    group = make.group(name="ID'MIX Les Tilleuls", checkin_opens_before=0)
    themed = {"theme": make.theme(name="Cuisine du monde", pictogram="cuisine")} if theme else {}
    session = make.session(group=group, title="Cuisine du monde", starts_at=dt.time(0, 0),
                           ends_at=dt.time(23, 59, 59), **themed)
    persons = {}
    for first, last in people:
        persons[first] = make.participant(group=group, first_name=first, last_name=last)
        set_pin(db, persons[first], PIN, actor=None, now=now)
    code = create_enrolment_code(db, group=group, actor=None, now=now).code
    token = enrol_device(db, code=code, now=now, name=tablet).token
    return Today(group, session, persons, token)


SEVEN = (("Fatima", "Benali"), ("Aurélien", "Petit"), ("Élodie", "Martin"), ("Karim", "Diallo"), ("Josiane", "Leroy"),
         ("Mamadou", "Sow"), ("Brigitte", "Roux"))


def seed_seven(db) -> dict:
    """Today's session with its theme, seven people (``SEVEN``), an enrolled tablet and a code left to enrol
    another; committed, ``db`` closed. Its code, token, people's ids by first name and session's id."""
    with db:
        today = seed_today(db, SEVEN, theme=True)
        code = create_enrolment_code(db, group=today.group, actor=None, now=clock.now()).code
        db.commit()
        return {"code": code, "token": today.token, "people": {first: p.id for first, p in today.people.items()},
                "session_id": today.session.id}


def tablet_context(browser, base: str, token: str | None, size: tuple[int, int] = (1280, 800), *,
                   bypass_csp: bool = True):
    """A touch tablet's browser context in French, holding the device cookie of ``token`` (none without).

    ``bypass_csp`` lets the test inject axe-core; the app's own pages need no inline script."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, is_mobile=False,
                                  locale="fr-FR", bypass_csp=bypass_csp)
    if token is not None:
        context.add_cookies([{"name": DEFAULTS["KIOSK_DEVICE_COOKIE"], "value": token, "url": base}])
    return context


def type_pin(page, pin: str) -> None:
    """Type ``pin`` on the keypad and press OK, as a person would once the screen is ready.

    The keypad's keys work once kiosk.js (deferred) has run: a tap before that is lost, so the typing waits
    for DOMContentLoaded (after deferred scripts); it ends when the answer to OK has loaded, so the next step
    never reads the screen the PIN was typed on."""
    page.wait_for_selector(".keypad")
    page.wait_for_load_state("domcontentloaded")
    for digit in pin:
        page.tap(f".keypad button[data-key='{digit}']")
    with page.expect_navigation():
        page.tap(".keypad button.ok")


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is."""
    need(AXE.exists(), f"{AXE} is missing: run `npm install --no-audit --no-fund` at the repository root")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def keep_screenshot(page, path: Path, *, full_page: bool = False, tries: int = 3) -> None:
    """Save a screenshot (an artefact, not an assertion). On a busy machine Chromium sometimes answers
    « Unable to capture screenshot » while it composites a frame: wait for the next frames and retry."""
    for attempt in range(tries):
        try:
            page.screenshot(path=str(path), full_page=full_page)
            return
        except Exception as error:  # playwright's Error; the tests import no playwright at module level
            if "Unable to capture screenshot" not in str(error) or attempt == tries - 1:
                raise
            page.evaluate(NEXT_FRAMES)


def check(page, name: str) -> None:
    """Screenshot the screen as an artefact (test-artifacts/kiosk/), then run axe-core: no serious or
    critical violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    keep_screenshot(page, ARTIFACTS / f"{name}.png", full_page=True)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in axe_violations(page)
           if v["impact"] in ("serious", "critical")]
    assert bad == [], f"axe-core on {name}: {bad}"


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
    """The screen fits without scrolling, has no axe-core violation at all, and is kept as a screenshot
    (test-artifacts/kiosk/screens/<page.size>-<name>.png)."""
    page.wait_for_load_state("load")
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    keep_screenshot(page, ARTIFACTS / "screens" / f"{page.size}-{name}.png")
    assert page.evaluate(OUTSIDE) == [], f"{name} at {page.size} does not fit"
    violations = axe_violations(page)
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == [], f"axe on {name}"
