"""The kiosk through a network cut, in real Chromium: the network is cut AND the server stopped.

Offline, three people sign in with their PIN, one with a wrong PIN, two give an anonymous opinion and a
visitor comes to discover the group. When the server is back, the tablet's queue arrives once: three
attendances, two opinions, one « présence à confirmer », one visitor; sending the same queue again adds nothing. Screenshots: test-artifacts/kiosk/.
"""

from __future__ import annotations

import contextlib
import time
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from shared import clock
from shared.anonymity.queries import waiting_opinions
from shared.feedback.models import Feedback
from shared.kiosk.models import Device, WalkIn
from shared.kiosk.operations import revoke_device
from shared.kiosk.offline_models import ConfirmationStatus, PendingAttendance
from shared.sessions.models import Attendance
from tests.chromium import launched_chromium, serve

from .browser_support import (PIN, check, kiosk_app, kiosk_database, seed_seven, tablet_context, the_day_is_over,
                              type_pin)

pytestmark = pytest.mark.browser

READ_QUEUE = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open("idmix-kiosk");
  open.onsuccess = () => {
    const request = open.result.transaction("queue").objectStore("queue").getAll();
    request.onsuccess = () => { open.result.close(); resolve(request.result); };
    request.onerror = () => reject(request.error);
  };
  open.onerror = () => reject(open.error);
})"""
HAS_ROSTER = """() => new Promise((resolve) => {
  const open = indexedDB.open("idmix-kiosk");
  open.onsuccess = () => {
    if (!open.result.objectStoreNames.contains("meta")) { open.result.close(); resolve(false); return; }
    const request = open.result.transaction("meta").objectStore("meta").get("roster");
    request.onsuccess = () => { open.result.close(); resolve(!!(request.result && request.result.session)); };
    request.onerror = () => resolve(false);
  };
  open.onerror = () => resolve(false);
})"""


class Server:
    """The kiosk on a fixed port that can be stopped and started again (the tablet keeps its origin)."""

    def __init__(self, app):
        self.app, self.port, self.running = app, 0, contextlib.ExitStack()

    def start(self) -> str:
        base = self.running.enter_context(serve(self.app, self.port))
        self.port = urlsplit(base).port
        return base

    def stop(self):
        self.running.close()


@pytest.fixture
def offline_server(tmp_path):
    with kiosk_database(tmp_path) as (url, sessions):
        data = seed_seven(sessions())
        server = Server(kiosk_app(url, "browser-test", KIOSK_IDLE_SECONDS=60, KIOSK_WELCOME_SECONDS=2))
        data.update(server=server, base=server.start(), db=sessions)
        yield data
        server.stop()


@pytest.fixture
def offline_tablet(offline_server):
    """A tablet in its own Chromium, enrolled, at 1280×800."""
    with launched_chromium() as browser:
        context = tablet_context(browser, offline_server["base"], offline_server["token"])
        yield context
        context.close()


def wait_until(condition, what: str, tries: int = 100):
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def counts(server) -> tuple[int, int, int]:
    with server["db"]() as db:
        session_id = server["session_id"]
        return (db.scalar(select(func.count()).select_from(Attendance).where(Attendance.session_id == session_id)),
                db.scalar(select(func.count()).select_from(Feedback).where(Feedback.session_id == session_id))
                + db.scalar(waiting_opinions(session_id)),  # anonymous: written, or waiting sealed in the pool
                db.scalar(select(func.count()).select_from(PendingAttendance)))


def sign_in(page, name: str, pin: str) -> None:
    page.tap("text=Je signe ma présence")
    page.wait_for_selector(".tile")
    page.tap(f"text={name}")
    page.wait_for_selector("#pin")
    type_pin(page, pin)
    page.wait_for_selector("text=Elle sera vérifiée dès le retour de la connexion.")  # right PIN or wrong alike
    page.wait_for_selector("text=Je signe ma présence", timeout=6000)  # back home on its own


def give_opinion(page, base: str, mood: str, text: str) -> None:
    page.goto(base + "/avis")
    page.wait_for_selector("#text")
    page.tap("label:has(input[name=scope][value=collective])")
    page.tap(f"label:has(input[name=mood][value='{mood}'])")
    page.fill("#text", text)
    page.tap("button:has-text('Envoyer')")
    page.wait_for_selector("text=Merci !")


def test_three_sign_ins_and_two_opinions_made_offline_arrive_once(offline_tablet, offline_server):
    server, base = offline_server, offline_server["base"]
    page = offline_tablet.new_page()
    page.goto(base + "/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    for screen in ("/", "/signer", "/avis", "/decouvrir", "/"):  # now under the worker: today's screens are kept
        page.goto(base + screen)
    wait_until(lambda: page.evaluate(HAS_ROSTER), "today's people kept on the tablet")

    offline_tablet.set_offline(True)
    server["server"].stop()
    page.goto(base + "/")
    page.wait_for_selector(".offline-banner:visible")
    assert "La connexion est coupée : ce que vous faites est gardé sur la tablette." in page.inner_text(".offline-banner")
    check(page, "40-offline-home")
    page.tap("text=Je signe ma présence")
    page.wait_for_selector(".tile")
    check(page, "41-offline-tiles")
    page.tap("text=Fatima B.")
    page.wait_for_selector("#pin")
    assert page.is_visible("[data-speak-screen]") and page.locator("#idle-warning").count() == 1
    check(page, "42-offline-pin")
    type_pin(page, PIN)
    page.wait_for_selector("text=Merci, Fatima B.")  # the tablet cannot check the PIN: no « Bienvenue »
    assert "Bienvenue" not in page.inner_text("body") and page.locator("img[src*='face-4.svg']").count() == 0
    check(page, "43-offline-kept")
    page.wait_for_selector("text=Je signe ma présence", timeout=8000)
    sign_in(page, "Aurélien P.", PIN)
    sign_in(page, "Élodie M.", PIN)
    sign_in(page, "Karim D.", "0000")
    give_opinion(page, base, "4", "Très bon atelier")
    check(page, "44-offline-thanks")
    give_opinion(page, base, "1", "Trop de bruit")
    page.goto(base + "/decouvrir")
    page.fill("#first_name", "Zoé")
    page.tap("form button[type=submit]")
    page.wait_for_selector("text=Bienvenue, Zoé !")
    check(page, "45-offline-visitor")

    queue = page.evaluate(READ_QUEUE)
    assert len(queue) == 7
    assert all(item.get("pin") not in (PIN, "0000") for item in queue)  # never in clear on the tablet
    # Each sign-in carries its own time on the tablet (the server keeps it when plausible); nothing else does.
    assert all(("signed_at" in item) == (item["kind"] == "checkin") for item in queue)
    opinions = [item for item in queue if item["kind"] == "opinion"]
    assert [set(item) for item in opinions] == [{"key", "kind", "session", "scope", "mood", "text"}] * 2
    assert counts(server) == (0, 0, 0)

    server["server"].start()
    offline_tablet.set_offline(False)
    page.goto(base + "/")
    wait_until(lambda: counts(server) == (3, 2, 1), "the queue arrived")
    wait_until(lambda: page.evaluate(READ_QUEUE) == [], "the tablet emptied its queue")
    page.goto(base + "/")
    assert page.is_hidden(".offline-banner")

    again = page.evaluate("""items => fetch("/hors-ligne/envoi", {method: "POST",
        headers: {"Content-Type": "application/json"}, body: JSON.stringify({items, waiting: 0})})
        .then(r => r.json())""", queue)
    assert set(again["outcomes"].values()) == {"already"}
    assert counts(server) == (3, 2, 1)
    with server["db"]() as db:
        assert db.scalars(select(WalkIn.first_name)).all() == ["Zoé"]
        present = set(db.scalars(select(Attendance.participant_id)))
        assert present == {server["people"][n] for n in ("Fatima", "Aurélien", "Élodie")}
        [pending] = db.scalars(select(PendingAttendance)).all()
        assert (pending.participant_id, pending.status) == (server["people"]["Karim"], ConfirmationStatus.PENDING)
    the_day_is_over(server["db"])  # the two anonymous opinions waited sealed in the session's pool until then
    with server["db"]() as db:
        stored = db.scalars(select(Feedback)).all()
        assert {f.text for f in stored} == {"Très bon atelier", "Trop de bruit"}
        assert all(f.participant_id is None for f in stored) and len({f.given_on for f in stored}) == 1

    # Revoked (or un-enrolled): the next screen wipes the day's people and screens from the tablet.
    with server["db"]() as db:
        revoke_device(db, db.scalars(select(Device)).one(), actor=None, now=clock.now())
        db.commit()
    page.goto(base + "/")
    page.wait_for_selector("text=Cette tablette n'est pas activée")
    wait_until(lambda: not page.evaluate(HAS_ROSTER), "the roster wiped on revocation")
    day_copies = "() => caches.keys().then(names => names.filter(n => n.startsWith('idmix-day-')))"
    wait_until(lambda: page.evaluate(day_copies) == [], "the day's screens wiped on revocation")


MOVE_TO_YESTERDAY = """() => {
  const yesterday = new Date(Date.now() - 86400000).toLocaleDateString("sv-SE", {timeZone: "Europe/Paris"});
  const today = new Date().toLocaleDateString("sv-SE", {timeZone: "Europe/Paris"});
  const roster = new Promise((resolve, reject) => {
    const open = indexedDB.open("idmix-kiosk");
    open.onsuccess = () => {
      const meta = open.result.transaction("meta", "readwrite").objectStore("meta");
      const read = meta.get("roster");
      read.onsuccess = () => {
        const write = meta.put(Object.assign(read.result, {day: yesterday}), "roster");
        write.onsuccess = () => { open.result.close(); resolve(); };
        write.onerror = () => reject(write.error);
      };
    };
    open.onerror = () => reject(open.error);
  });
  const copies = caches.open("idmix-day-" + today).then(from => caches.open("idmix-day-" + yesterday).then(to =>
    from.keys().then(keys => Promise.all(keys.map(key => from.match(key).then(r => to.put(key, r)))))))
    .then(() => caches.delete("idmix-day-" + today));
  return Promise.all([roster, copies]).then(() => yesterday);
}"""


def test_the_next_day_offline_yesterdays_people_are_wiped(offline_tablet, offline_server):
    """A tablet left offline overnight: the next morning nothing of yesterday's group is shown or kept."""
    server, base = offline_server, offline_server["base"]
    page = offline_tablet.new_page()
    page.goto(base + "/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    for screen in ("/", "/signer", "/avis", "/"):
        page.goto(base + screen)
    wait_until(lambda: page.evaluate(HAS_ROSTER), "today's people kept on the tablet")
    yesterday = page.evaluate(MOVE_TO_YESTERDAY)  # as if those copies had been made the day before

    offline_tablet.set_offline(True)
    server["server"].stop()
    page.goto(base + "/signer")
    page.wait_for_selector("text=La connexion est coupée")
    assert page.locator(".tile").count() == 0 and "Fatima" not in page.inner_text("body")
    wait_until(lambda: not page.evaluate(HAS_ROSTER), "yesterday's people wiped")
    names = page.evaluate("() => caches.keys()")
    assert f"idmix-day-{yesterday}" not in names
    page.tap("text=Revenir à l'accueil")
    page.wait_for_selector("text=La connexion est coupée")
    assert "Fatima" not in page.inner_text("body")
