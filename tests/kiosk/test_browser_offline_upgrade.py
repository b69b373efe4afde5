"""Issue #26 findings 5 and 11 in real Chromium: offline screens that need no reading and never welcome a PIN
the tablet cannot check, and an enrolled tablet that takes every update of the server's code.

Screenshots: test-artifacts/kiosk/screens/<size>-offline-*.png.
"""

from __future__ import annotations

import contextlib
import shutil

import pytest
from tests.chromium import launched_chromium

from .browser_support import kiosk_app, kiosk_database, screen, seed_seven, tablet_context, type_pin
from .test_browser_offline import HAS_ROSTER, Server, wait_until

pytestmark = pytest.mark.browser

SIZES = {"1280x800": (1280, 800), "800x1280": (800, 1280), "1024x600": (1024, 600)}
SHELLS = "() => caches.keys().then(names => names.filter(n => n.startsWith('idmix-shell-')))"
NEW_CODE = '\ndocument.body.setAttribute("data-build", "new");\n'


@contextlib.contextmanager
def kiosk_server(tmp_path, **settings):
    """The kiosk serving a copy of its static files (tmp_path/static) that the test may change."""
    with kiosk_database(tmp_path) as (url, sessions):
        data = seed_seven(sessions())
        app = kiosk_app(url, "browser-test", **settings)
        static = tmp_path / "static"
        shutil.copytree(app.static_folder, static)
        app.static_folder = str(static)
        server = Server(app)
        data.update(server=server, base=server.start(), static=static)
        try:
            yield data
        finally:
            server.stop()


def under_worker(page, base: str) -> None:
    """Enrolled, its worker active and in control, today's screens and people kept."""
    page.goto(base + "/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    for where in ("/", "/signer", "/avis", "/decouvrir", "/"):
        page.goto(base + where)
    wait_until(lambda: page.evaluate(HAS_ROSTER), "today's people kept on the tablet")
    assert page.evaluate("() => !!navigator.serviceWorker.controller")


def cut(context, server) -> None:
    context.set_offline(True)
    server["server"].stop()


def test_an_enrolled_tablet_runs_the_servers_new_code_at_the_next_screen_and_offline(tmp_path):
    """Was: static files served cache-first from « idmix-shell-v1 »: a fix to kiosk.js never reached the tablet."""
    with kiosk_server(tmp_path) as server, launched_chromium() as browser:
        context = tablet_context(browser, server["base"], server["token"])
        page = context.new_page()
        under_worker(page, server["base"])
        [old_shell] = page.evaluate(SHELLS)
        assert old_shell != "idmix-shell-v1" and page.get_attribute("body", "data-build") is None

        kiosk_js = server["static"] / "kiosk.js"  # a fix deployed on the server
        kiosk_js.write_text(kiosk_js.read_text(encoding="utf-8") + NEW_CODE, encoding="utf-8")
        page.goto(server["base"] + "/signer")  # the next screen runs the new code
        assert page.get_attribute("body", "data-build") == "new"
        # The new worker takes over with the new version's cache; the old one is deleted.
        page.goto(server["base"] + "/")
        wait_until(lambda: page.evaluate(SHELLS) not in ([], [old_shell]) and len(page.evaluate(SHELLS)) == 1,
                   "the new version's cache, alone")
        page.goto(server["base"] + "/avis")
        page.goto(server["base"] + "/")

        cut(context, server)  # offline, the kiosk still shows, with the new code
        page.goto(server["base"] + "/signer")
        page.wait_for_selector(".offline-banner:visible")
        assert page.locator(".tile").count() == 7
        assert page.get_attribute("body", "data-build") == "new"
        page.tap("text=Josiane L.")
        page.wait_for_selector("#pin")
        assert page.get_attribute("body", "data-build") == "new"
        context.close()


@pytest.fixture(params=list(SIZES))
def offline_page(request, tmp_path):
    """A tablet at one of the three sizes, its worker active, then the network cut and the server stopped."""
    with kiosk_server(tmp_path, KIOSK_IDLE_SECONDS=14, KIOSK_WELCOME_SECONDS=30) as server, \
            launched_chromium() as browser:
        context = tablet_context(browser, server["base"], server["token"], SIZES[request.param])
        page = context.new_page()
        page.size = request.param
        under_worker(page, server["base"])
        cut(context, server)
        page.goto(server["base"] + "/")
        page.wait_for_selector(".offline-banner:visible")
        yield page, server["base"]
        context.close()


def test_offline_a_wrong_pin_is_not_welcomed_the_screens_speak_and_warn(offline_page):
    """Was: offline, a wrong PIN greeted « Bienvenue, Josiane L. ! » with the smiling face; the PIN screen had
    no idle warning and no « Écouter »."""
    page, base = offline_page
    page.tap("text=Je signe ma présence")
    page.wait_for_selector(".tile")
    page.tap("text=Josiane L.")
    page.wait_for_selector("#pin")
    assert page.is_visible("[data-speak-screen]") and page.is_visible(".offline-banner")
    screen(page, "offline-pin")
    page.wait_for_selector("#idle-warning[open]", timeout=20000)  # no touch: « Vous êtes toujours là ? »
    screen(page, "offline-idle-warning")
    page.tap("#idle-warning button.button")  # « Oui, je suis là »
    type_pin(page, "0000")
    page.wait_for_selector("text=Merci, Josiane L.")
    body = page.inner_text("main")
    assert "Bienvenue" not in body and "Elle sera vérifiée dès le retour de la connexion." in body
    assert page.locator("main img[src*='wait.svg']").count() == 1
    # the picture itself comes from the tablet's copy (its address carries the file's version)
    assert page.evaluate("fetch(document.querySelector(\"main img[src*='wait.svg']\").src).then(r => r.ok)")
    assert page.locator("img[src*='face-4.svg']").count() == 0
    assert page.is_visible("[data-speak-screen]") and page.locator("#idle-warning").count() == 1
    screen(page, "offline-presence-kept")
    page.go_back()  # Back after the journey leads home, never to the PIN screen
    page.wait_for_selector("text=Je signe ma présence")
    assert page.locator("#pin").count() == 0


def test_offline_a_visitor_name_is_checked_by_the_rule_of_walk_ins_and_back_leads_home(offline_page):
    page, base = offline_page
    page.goto(base + "/decouvrir")
    page.fill("#first_name", "1234")
    page.tap("form button[type=submit]")
    page.wait_for_selector("text=Écrivez seulement votre prénom, avec des lettres.")
    assert "Bienvenue" not in page.inner_text("main")
    screen(page, "offline-visitor-refused")
    page.tap("text=Recommencer")
    page.fill("#first_name", "Zoé")
    page.tap("form button[type=submit]")
    page.wait_for_selector("text=Bienvenue, Zoé !")
    screen(page, "offline-visitor")
    page.go_back()
    page.wait_for_selector("text=Je signe ma présence")


def test_offline_an_opinion_is_kept_anonymous_and_back_leads_home(offline_page):
    page, base = offline_page
    page.goto(base + "/avis")
    page.tap("label:has(input[name=scope][value=collective])")
    page.tap("label:has(input[name=mood][value='3'])")
    page.tap("button:has-text('Envoyer')")
    page.wait_for_selector("text=Il sera envoyé dès le retour de la connexion.")
    screen(page, "offline-opinion-kept")
    page.go_back()
    page.wait_for_selector("text=Je signe ma présence")


FORGE_NAME = """name => new Promise((resolve, reject) => {
  const open = indexedDB.open("idmix-kiosk");
  open.onsuccess = () => {
    const meta = open.result.transaction("meta", "readwrite").objectStore("meta");
    const read = meta.get("roster");
    read.onsuccess = () => {
      read.result.people.forEach(p => { p.name = name; p.symbol = '"><img src=x id=forged>'; });
      const write = meta.put(read.result, "roster");
      write.onsuccess = () => { open.result.close(); resolve(); };
      write.onerror = () => reject(write.error);
    };
  };
  open.onerror = () => reject(open.error);
})"""


def test_offline_screens_fill_their_blanks_as_text_never_as_markup(offline_page):
    """A roster tampered with on the tablet: the name and symbol are shown as text, nothing runs or is added."""
    page, base = offline_page
    page.evaluate(FORGE_NAME, '<img src=x id=forged onerror="document.body.dataset.pwned=1">⟦name⟧')
    page.tap("text=Je signe ma présence")
    page.wait_for_selector(".tile")
    page.locator(".tile").first.tap()
    page.wait_for_selector("#pin")
    assert page.locator("#forged").count() == 0 and page.get_attribute("body", "data-pwned") is None
    assert "<img src=x id=forged" in page.inner_text("h1")
