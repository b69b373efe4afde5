"""« Mon parcours » in real Chromium at 1024×600, 1280×800 and 800×1280 with touch: from the home screen's button,
the person's name and PIN, their journey in pictures (it fits without scrolling, axe-core finds nothing), then
« Je demande mon attestation ». Screenshots: test-artifacts/kiosk/screens/. Set-up: tests/kiosk/browser_support.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.attestations.models import AttestationRequest
from shared.attestations.operations import issue_attestation
from shared.attestations.skills import DEFAULT_SKILLS
from tests.chromium import serve
from tests.factories import Factory

from .browser_support import kiosk_app, kiosk_database, screen, seed_today, tablet_context, type_pin

pytestmark = pytest.mark.browser

SIZES = {"1024x600": (1024, 600), "1280x800": (1280, 800), "800x1280": (800, 1280)}
PEOPLE = (("Fatima", "Benali"), ("Aurélien", "Petit"), ("Élodie", "Martin"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiosk-journey")
    with kiosk_database(folder) as (url, sessions):
        with sessions() as db:
            today = seed_today(db, PEOPLE, theme=True, tablet="Tablette")
            make = Factory(db)
            garden = make.theme(name="Jardinage", pictogram="jardinage")
            outing = make.theme(name="Sorties", pictogram="sorties")
            this_year = clock.today().replace(month=1, day=1)
            for person in today.people.values():
                for n, theme in enumerate((garden, outing, garden)):
                    day = this_year + dt.timedelta(days=7 * n)
                    if day < clock.today():
                        session = db.scalar(select(type(today.session)).where(
                            type(today.session).group_id == today.group.id, type(today.session).held_on == day))
                        session = session or make.session(group=today.group, held_on=day, theme=theme)
                        make.attendance(session, person)
            facilitator = make.facilitator(today.group)
            issue_attestation(db, today.people["Fatima"], consented=[], skills=list(DEFAULT_SKILLS[:4]),
                              actor=facilitator)
            db.commit()
            ids = {first: person.id for first, person in today.people.items()}
            token, names = today.token, {first: p.kiosk_name for first, p in today.people.items()}
        app = kiosk_app(url, "browser-journey", KIOSK_IDLE_SECONDS=120, KIOSK_WELCOME_SECONDS=60,
                        KIOSK_SPEECH_CACHE=str(folder / "speech"))
        with serve(app) as base:
            yield {"base": base, "token": token, "names": names, "ids": ids, "sessions": sessions}


@pytest.fixture(params=list(SIZES))
def tablet(request, chromium, server):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[request.param])
    page = context.new_page()
    page.goto(server["base"] + "/")
    page.size = request.param
    yield page
    context.close()


def open_journey(tablet, server, first: str) -> None:
    tablet.tap("header a:has-text('Mon parcours')")
    tablet.wait_for_selector(".tile")
    tablet.tap(f".tile:has-text('{server['names'][first]}')")
    tablet.wait_for_selector(".keypad")
    type_pin(tablet, "4821")
    tablet.wait_for_selector(".journey")


def test_home_shows_the_journey_button(tablet):
    screen(tablet, "40-home-with-journey")


def test_a_person_sees_their_journey_in_pictures_and_asks_for_the_attestation(tablet, server):
    person = {"1024x600": "Fatima", "1280x800": "Aurélien", "800x1280": "Élodie"}[tablet.size]
    open_journey(tablet, server, person)
    text = tablet.locator("main").inner_text()
    assert f"Mon parcours, {person}" in text
    assert (DEFAULT_SKILLS[0] in text) == (person == "Fatima")  # only her own skills
    assert tablet.locator(".themes img").count() >= 1
    screen(tablet, f"41-journey-{person}")
    tablet.tap("button:has-text('Je demande mon attestation')")
    tablet.wait_for_selector(f"text=C'est demandé, {person}")
    screen(tablet, "42-journey-asked")
    with server["sessions"]() as db:
        asked = db.scalars(select(AttestationRequest.participant_id)).all()
    assert server["ids"][person] in asked
