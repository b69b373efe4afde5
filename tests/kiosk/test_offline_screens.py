"""Issue #26 findings 5 and 11, the server's side: the offline screens come from the kiosk's templates (with
the idle warning and « Écouter » of every screen), and sw.js is served under the version of the files it keeps."""

from __future__ import annotations

import re
import shutil

import pytest

from kiosk.routes import offline_screens

from tests.kiosk.conftest import DEVICE_COOKIE
from tests.typography import typography_faults

SCREENS = ("code", "presence", "avis", "visiteur", "impossible", "coupure", "avis-incomplet", "prenom-refuse")


def version_of(response) -> str:
    [version] = re.findall(r'var VERSION = "([0-9a-f]+)";', response.get_data(as_text=True))
    return version


@pytest.mark.parametrize("name", SCREENS)
def test_every_offline_screen_has_the_idle_warning_and_listen_of_online_screens(tablet, name):
    page = tablet.get(f"/hors-ligne/ecran/{name}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="idle-warning"' in html and "data-speak-screen" in html and "speech.js" in html
    assert 'class="offline-banner" role="status" hidden' in html  # sw.js shows it offline


def test_the_offline_presence_screen_says_it_will_be_checked_with_a_neutral_picture(tablet):
    """Was: « Bienvenue, Josiane L. ! » with the smiling face after a wrong PIN typed offline."""
    html = tablet.get("/hors-ligne/ecran/presence").get_data(as_text=True)
    assert "Bienvenue" not in html and "face-4" not in html and "pictos/wait.svg" in html
    assert "<h1>Merci, ⟦name⟧</h1>" in html and "Elle sera vérifiée dès le retour de la connexion." in html


def test_the_offline_pin_screen_is_the_online_one_with_blanks(tablet):
    html = tablet.get("/hors-ligne/ecran/code").get_data(as_text=True)
    assert 'name="participant" value="⟦participant⟧"' in html and "⟦name⟧, tapez votre code" in html
    assert 'action="/signer/code"' in html and "symbols/%E2%9F%A6symbol%E2%9F%A7.svg" in html  # url_for encodes it


def test_an_unknown_screen_is_not_found_and_an_unenrolled_tablet_gets_none(tablet, client, kiosk):
    assert tablet.get("/hors-ligne/ecran/../admin").status_code == 404
    assert tablet.get("/hors-ligne/ecran/inconnu").status_code == 404
    client.set_cookie(DEVICE_COOKIE, "not-a-tablet")
    assert client.get("/hors-ligne/ecran/code").status_code == 403


def test_sw_js_is_served_under_the_version_of_the_files_and_never_cached(tablet):
    response = tablet.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert version_of(response) == version_of(tablet.get("/sw.js"))
    assert 'var VERSION = "dev"' not in response.get_data(as_text=True)
    # « ?v= » is ignored only inside the cache named after this version's files, never across versions
    text = response.get_data(as_text=True)
    assert text.count("ignoreSearch") == 1 and "caches.match(request, SAME_VERSION)" not in text


def test_a_changed_script_on_the_server_changes_the_worker_version(tablet, kiosk_app, tmp_path):
    before = version_of(tablet.get("/sw.js"))
    static = tmp_path / "static"
    shutil.copytree(kiosk_app.static_folder, static)
    original = kiosk_app.static_folder
    kiosk_app.static_folder = str(static)
    try:
        assert version_of(tablet.get("/sw.js")) == before  # the same files: the same version
        (static / "kiosk.js").write_text((static / "kiosk.js").read_text() + "\n// a fix\n")
        assert version_of(tablet.get("/sw.js")) != before
    finally:
        kiosk_app.static_folder = original


def test_the_roster_gives_the_tablet_the_first_name_rule_of_walk_ins(tablet, kiosk):
    rule = tablet.get("/hors-ligne/donnees").json["first_name"]
    assert rule["max"] == 80 and rule["messages"]["letters"] == "Écrivez seulement votre prénom, avec des lettres."


def test_the_offline_screens_are_typeset_the_french_way(tablet):
    faults = sorted({f"{name}: {fault}" for name in SCREENS
                     for fault in typography_faults(tablet.get(f"/hors-ligne/ecran/{name}").get_data(as_text=True))})
    assert not faults, "\n".join(faults)


def test_the_worker_writes_no_screen_and_no_copy_of_the_first_name_rule(tablet):
    """Was: the offline screens written again as JavaScript strings in sw.js, with the first-name rule and its
    80-character limit copied from shared/kiosk/walk_ins.py."""
    script = tablet.get("/sw.js").get_data(as_text=True)
    assert "Bienvenue" not in script and "<h1>" not in script and "tapez votre code" not in script
    assert not re.search(r"\b80\b", script) and "\\p{L}" not in script


def test_the_worker_keeps_every_offline_screen_the_server_renders(tablet):
    script = tablet.get("/sw.js").get_data(as_text=True)
    [listed] = re.findall(r"var SCREENS = \[([^\]]*)\];", script)
    assert set(re.findall(r'"([a-z-]+)"', listed)) == set(offline_screens.SCREENS) == set(SCREENS)


def test_an_unchanged_worker_is_answered_not_modified(tablet):
    first = tablet.get("/sw.js")
    again = tablet.get("/sw.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("name", SCREENS)
def test_the_workers_fetch_of_a_screen_leaves_the_tablets_session_alone(kiosk_app, kiosk, name):
    """Was: the worker installs while the tablet shows its first form; its fetch of the PIN screen, sent before the
    session cookie existed, answered with a new session, and the form then sent got « Ce formulaire a expiré »."""
    tablet = kiosk_app.test_client()
    tablet.set_cookie(DEVICE_COOKIE, kiosk.token)
    form = tablet.get("/signer")
    worker = kiosk_app.test_client()  # its request left before the tablet had a session cookie
    worker.set_cookie(DEVICE_COOKIE, kiosk.token)
    page = worker.get(f"/hors-ligne/ecran/{name}")
    assert page.status_code == 200
    assert "idmix_kiosk=" not in " ".join(page.headers.getlist("Set-Cookie"))
    assert "idmix_kiosk=" in " ".join(form.headers.getlist("Set-Cookie"))  # the form's own session stands
    assert 'name="csrf_token" value=""' in page.get_data(as_text=True) or "csrf_token" not in page.get_data(as_text=True)
