"""Back after a finished journey leads home, never to « Ce n'est pas possible ici » (#26 item 6).

A person signs in, gives a signed opinion, proposes a signed idea, votes or comes as a visitor, at 1024×600,
1280×800 and 800×1280 with touch; the tablet goes home, then the next person presses the browser's Back, once
and twice: each time the screen is the home screen or an empty form, never the error a GET on a form's
address used to give. Needs and set-up: tests/kiosk/browser_support.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from shared import clock
from shared.decisions.operations import ChoiceInput, open_vote
from tests.chromium import serve

from .browser_support import PIN, kiosk_app, kiosk_database, seed_today, tablet_context, type_pin


pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}
PEOPLE = ("Fatima", "Aurélien", "Élodie", "Karim")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with kiosk_database(tmp_path_factory.mktemp("kiosk-back-home")) as (url, sessions):
        with sessions() as db:
            today = seed_today(db, [(first, "Témoin") for first in PEOPLE])
            day = clock.today()
            vote = open_vote(db, group=today.group, question="Que fait-on ?", opens_on=day, actor=None,
                             closes_on=day + dt.timedelta(days=7),
                             choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Sortie", "theme-sorties")])
            db.commit()
            token, vote_id = today.token, vote.id
        app = kiosk_app(url, "browser-back-home", KIOSK_IDLE_SECONDS=120, KIOSK_WELCOME_SECONDS=2)
        with serve(app) as base:
            yield {"base": base, "token": token, "vote": vote_id}


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[request.param], bypass_csp=False)
    page = context.new_page()
    page.goto(server["base"] + "/")
    yield page
    context.close()


def at_home(page) -> None:
    page.wait_for_url("**/", timeout=10_000)
    page.wait_for_selector("nav.actions")


def back_twice_never_shows_an_error(page) -> None:
    for _ in range(2):
        with contextlib.suppress(Exception):  # a history entry may be left by a replace: Back then does nothing
            page.go_back(wait_until="load", timeout=10_000)
        page.wait_for_timeout(300)
        page.wait_for_load_state("load")
        text = page.inner_text("body")
        assert "Ce n'est pas possible ici" not in text and "Revenez à l'accueil" not in text, page.url
        assert page.locator("nav.actions, form").count() > 0, (page.url, text[:200])


def sign_with(page, first: str) -> None:
    page.tap(f"button.tile:has-text('{first}')")
    type_pin(page, PIN)


def test_back_after_a_sign_in_leads_home(tablet):
    tablet.tap("a.action.signin")
    sign_with(tablet, "Fatima")
    tablet.wait_for_selector("text=Bienvenue")
    at_home(tablet)
    back_twice_never_shows_an_error(tablet)


def test_back_after_a_signed_opinion_leads_home(tablet):
    tablet.tap("a.action.opinion")
    tablet.tap("label.choice:has(input[name=scope][value=collective])")
    tablet.tap("label.choice:has(input[name=mood][value='3'])")
    tablet.tap("label.choice:has(input[name=signer][value=prenom])")
    tablet.tap("button.send")
    sign_with(tablet, "Aurélien")
    tablet.wait_for_selector("text=Merci")
    at_home(tablet)
    back_twice_never_shows_an_error(tablet)


def test_back_after_a_signed_idea_leads_home(tablet):
    tablet.tap("a.action.decide")
    tablet.tap("a[href$='/decisions/idee']")
    tablet.tap("label.choice:has(input[value='theme-jardinage'])")
    tablet.tap("button.send")
    sign_with(tablet, "Élodie")
    tablet.wait_for_selector("text=Merci pour votre idée")
    at_home(tablet)
    back_twice_never_shows_an_error(tablet)


def test_back_after_a_vote_leads_home(tablet, server):
    tablet.goto(server["base"] + f"/decisions/vote/{server['vote']}")
    tablet.tap("label.choice:has-text('Sortie')")
    tablet.tap("button.send")
    sign_with(tablet, {"1024x600": "Fatima", "1280x800": "Aurélien", "800x1280": "Élodie"}[size(tablet)])
    tablet.wait_for_selector("text=Votre vote est enregistré")
    at_home(tablet)
    back_twice_never_shows_an_error(tablet)


def test_back_after_a_visitor_leads_home(tablet):
    tablet.tap("a.action.discover")
    tablet.fill("#first_name", "Zoé")
    tablet.tap("form button[type=submit]")
    tablet.wait_for_selector("text=Bienvenue, Zoé")
    at_home(tablet)
    back_twice_never_shows_an_error(tablet)


def size(page) -> str:
    return f"{page.viewport_size['width']}x{page.viewport_size['height']}"
