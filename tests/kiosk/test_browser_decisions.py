"""Deciding together on the tablet, in Chromium at 1024×600 and 1280×800 with touch.

An idea proposed with a picture, three people voting in turn, the results once the vote is closed;
every screen fits without scrolling and axe-core finds no violation. Screenshots:
test-artifacts/kiosk/screens/ (the documentation's come from there). Needs and set-up:
tests/kiosk/browser_support.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.decisions.models import Proposal, Vote
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from shared.writes import UNGUARDED
from tests.chromium import serve

from .browser_support import PIN, kiosk_app, kiosk_database, screen, seed_today, tablet_context, type_pin

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800)}
VOTERS = ("Aïcha", "Bernard", "Chloé")


@pytest.fixture
def server(tmp_path):
    with kiosk_database(tmp_path) as (url, sessions):
        with sessions() as db:
            today = seed_today(db, [(first, "Martin") for first in (*VOTERS, "Driss", "Élodie")], tablet="Tablette")
            now = clock.now()
            vote = open_vote(db, group=today.group, question="Que fait-on à la prochaine séance ?",
                             opens_on=now.date(), closes_on=now.date() + dt.timedelta(days=7), actor=None,
                             choices=[ChoiceInput("Cuisine", "theme-cuisine"),
                                      ChoiceInput("Jardinage", "theme-jardinage"),
                                      ChoiceInput("Sortie au musée", "theme-sorties")])
            db.commit()
            ids, vote_id = {first: p.id for first, p in today.people.items()}, vote.id
        app = kiosk_app(url, "browser-decisions", KIOSK_IDLE_SECONDS=120, KIOSK_WELCOME_SECONDS=60)
        with serve(app) as base:
            yield {"base": base, "token": today.token, "ids": ids, "vote_id": vote_id, "sessions": sessions}


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[request.param])
    page = context.new_page()
    page.size = request.param
    page.goto(server["base"] + "/")
    yield page
    context.close()


def pick_person(page, server, first_name: str) -> None:
    page.wait_for_selector(".tile")
    page.tap(f".tile[value='{server['ids'][first_name]}']")
    page.wait_for_selector(".keypad")
    type_pin(page, PIN)


def test_propose_vote_and_see_the_results(tablet, server):
    screen(tablet, "d1-home")
    tablet.tap("a.action.decide")
    screen(tablet, "d2-decisions")
    tablet.tap("a[href$='/decisions/idee']")
    tablet.tap("label.choice:has(input[value='theme-jardinage'])")
    tablet.fill("#text", "Planter des tomates au jardin du centre")
    screen(tablet, "d3-idea")
    tablet.tap("button.send")
    pick_person(tablet, server, "Élodie")
    tablet.wait_for_selector("text=Merci pour votre idée")
    screen(tablet, "d4-idea-thanks")
    for n, first_name in enumerate(VOTERS):
        tablet.goto(server["base"] + f"/decisions/vote/{server['vote_id']}")
        tablet.tap(f"label.choice:nth-of-type(1) >> nth={n % 2}")
        if n == 0:
            screen(tablet, "d5-ballot")
        tablet.tap("button.send")
        pick_person(tablet, server, first_name)
        tablet.wait_for_selector("text=Votre vote est enregistré")
    screen(tablet, "d6-voted")
    with server["sessions"]() as db:
        db.info[UNGUARDED] = True
        assert [p.text for p in db.scalars(select(Proposal))] == ["Planter des tomates au jardin du centre"]
        close_vote(db, db.get(Vote, server["vote_id"]), actor=None)
        db.commit()
    tablet.goto(server["base"] + "/decisions")
    tablet.tap("a.action.discover")
    tablet.wait_for_selector("text=personnes ont voté")
    assert "Le groupe a choisi" in tablet.inner_text("main") and "Cuisine" in tablet.inner_text("main")
    assert tablet.locator("meter").count() == 3
    screen(tablet, "d7-results")
