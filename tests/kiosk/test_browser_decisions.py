"""Deciding together on the tablet, in Chromium at 1024×600 and 1280×800 with touch.

An idea proposed with a picture, three people voting in turn, the results once the vote is closed;
every screen fits without scrolling and axe-core finds no violation. Screenshots:
test-artifacts/kiosk/screens/ (the documentation's come from there). Same needs as
tests/kiosk/test_browser.py.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from kiosk import create_app
from shared import clock
from shared.db import make_engine, make_sessionmaker
from shared.decisions.models import Proposal, Vote
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from shared.migrate import upgrade_to_head
from shared.writes import UNGUARDED
from tests.factories import Factory
from tests.kiosk.test_browser import CHROMIUM, CHROMIUM_ARGS, PIN, _need, type_pin
from tests.kiosk.test_browser_screens import screen

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800)}
VOTERS = ("Aïcha", "Bernard", "Chloé")


@pytest.fixture
def server(tmp_path):
    _need(Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    url = f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    db = make_sessionmaker(engine)()
    now = clock.now()
    make = Factory(db)
    group = make.group(name="ID'MIX Les Tilleuls", checkin_opens_before=0)
    make.session(group=group, title="Cuisine du monde", starts_at=dt.time(0, 0), ends_at=dt.time(23, 59, 59))
    ids = {}
    for first in (*VOTERS, "Driss", "Élodie"):
        person = make.participant(group=group, first_name=first, last_name="Martin")
        set_pin(db, person, PIN, actor=None, now=now)
        ids[first] = person.id
    vote = open_vote(db, group=group, question="Que fait-on à la prochaine séance ?", opens_on=now.date(),
                     closes_on=now.date() + dt.timedelta(days=7), actor=None,
                     choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage"),
                              ChoiceInput("Sortie au musée", "theme-sorties")])
    token = enrol_device(db, code=create_enrolment_code(db, group=group, actor=None, now=now).code, now=now,
                         name="Tablette").token
    db.commit()
    vote_id = vote.id
    db.close()
    app = create_app({"SECRET_KEY": "browser-decisions", "SQLALCHEMY_ENGINES": {"default": url},
                      "KIOSK_IDLE_SECONDS": 120, "KIOSK_WELCOME_SECONDS": 60})
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield {"base": f"http://127.0.0.1:{httpd.server_port}", "token": token, "ids": ids, "vote_id": vote_id,
           "engine": engine}
    httpd.shutdown()
    engine.dispose()


@pytest.fixture(scope="module")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    width, height = SIZES[request.param]
    context = chromium.new_context(viewport={"width": width, "height": height}, has_touch=True, locale="fr-FR",
                                   bypass_csp=True)  # axe-core is injected as a script
    context.add_cookies([{"name": "idmix_kiosk_device", "value": server["token"], "url": server["base"]}])
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
    with make_sessionmaker(server["engine"])() as db:
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
