"""« Mon parcours » on the tablet: a person's own journey in pictures, after their name and PIN, and their request
for an attestation, which staff then see."""

import datetime as dt

import pytest
from sqlalchemy import select

from shared.attestations.models import AttestationRequest
from shared.attestations.operations import issue_attestation
from shared.attestations.skills import DEFAULT_SKILLS

from .conftest import PIN, post, text_of

PASS = 'name="pass" value="'


@pytest.fixture
def journeys(kiosk, make, db):
    """Fatima came to three sessions this year (cooking twice, garden once), one last year; Aurélien to one."""
    fatima, aurelien = kiosk.people[0], kiosk.people[1]
    garden = make.theme(name=f"Jardin {make._n()}", pictogram="jardinage")
    year = kiosk.session.held_on.year
    for day, theme in ((dt.date(year - 1, 12, 11), garden), (dt.date(year, 1, 8), garden)):
        make.attendance(make.session(group=kiosk.group, held_on=day, theme=theme), fatima)
    make.attendance(make.session(group=kiosk.group, held_on=dt.date(year, 2, 12), theme=kiosk.session.theme), fatima)
    make.attendance(kiosk.session, fatima)
    make.attendance(kiosk.session, aurelien)
    facilitator = make.facilitator(kiosk.group)
    issue_attestation(db, fatima, consented=[], skills=[DEFAULT_SKILLS[2]], actor=facilitator)
    db.commit()
    return fatima, aurelien


def open_journey(tablet, person, pin=PIN):
    assert "Mon parcours\u00a0: touchez votre prénom" in text_of(tablet.get("/parcours"))
    post(tablet, "/parcours/personne", {"participant": str(person.id)})
    return post(tablet, "/parcours/code", {"participant": str(person.id), "pin": pin})


def test_home_offers_my_journey(tablet, kiosk):
    assert "Mon parcours" in text_of(tablet.get("/")) and 'href="/parcours"' in text_of(tablet.get("/"))


def test_a_person_sees_their_own_sessions_this_year_their_themes_and_skills(tablet, journeys):
    fatima, _ = journeys
    page = text_of(open_journey(tablet, fatima))
    assert "Mon parcours, Fatima" in page and "<strong>3</strong> séances en" in page
    assert "theme-jardinage.svg" in page and "theme-cuisine.svg" in page and DEFAULT_SKILLS[2] in page


def test_another_person_sees_only_theirs(tablet, journeys):
    _, aurelien = journeys
    page = text_of(open_journey(tablet, aurelien))
    assert "Mon parcours, Aurélien" in page and "<strong>1</strong> séance en" in page
    assert DEFAULT_SKILLS[2] not in page and "Fatima" not in page and "theme-jardinage" not in page


def test_a_wrong_pin_shows_nothing_of_the_journey(tablet, journeys):
    fatima, _ = journeys
    response = open_journey(tablet, fatima, pin="0000")
    assert response.status_code == 403 and "séances en" not in text_of(response)


def test_asking_for_the_attestation_is_recorded_once_for_staff(tablet, journeys, db):
    fatima, _ = journeys
    page = text_of(open_journey(tablet, fatima))
    token = page.split(PASS, 1)[1].split('"', 1)[0]
    response = post(tablet, "/parcours/demande", {"pass": token})
    assert response.status_code == 200 and "C'est demandé, Fatima\u00a0!" in text_of(response)
    assert "J'ai déjà demandé mon attestation\u00a0:" in text_of(open_journey(tablet, fatima))
    post(tablet, "/parcours/demande", {"pass": token})
    requests = db.scalars(select(AttestationRequest).execution_options(populate_existing=True)).all()
    assert [(r.participant_id, r.answered_on) for r in requests] == [(fatima.id, None)]


@pytest.mark.parametrize("token", ["", "nimportequoi", "x" * 5000, "MQ.aaaa.bbbb"])
def test_a_forged_or_stale_pass_is_a_calm_french_refusal(tablet, journeys, db, token):
    response = post(tablet, "/parcours/demande", {"pass": token})
    assert response.status_code == 403 and "Touchez «\u00a0Mon parcours\u00a0»" in text_of(response)
    assert db.scalars(select(AttestationRequest)).all() == []


def test_the_journey_screen_stays_under_29_kb_with_its_css_and_js(tablet, journeys):
    total = len(open_journey(tablet, journeys[0]).data)
    for asset in ("kiosk.css", "kiosk.js", "speech.js", "journey.css"):
        total += len(tablet.get(f"/static/{asset}").data)
    assert total < 29_000


def test_the_journey_screens_are_typeset_the_french_way(tablet, journeys):
    from tests.typography import typography_faults

    fatima, _ = journeys
    journey_page = open_journey(tablet, fatima)
    token = text_of(journey_page).split(PASS, 1)[1].split('"', 1)[0]
    screens = {"tiles": tablet.get("/parcours"), "journey": journey_page,
               "asked": post(tablet, "/parcours/demande", {"pass": token}),
               "too late": post(tablet, "/parcours/demande", {"pass": "x"})}
    faults = {name: typography_faults(response.get_data(as_text=True)) for name, response in screens.items()}
    assert {name: found for name, found in faults.items() if found} == {}


def test_a_group_without_pins_offers_no_journey_to_read_someone_elses(tablet, journeys, kiosk, db):
    # Was: without PINs, tapping Fatima's name showed her sessions and skills to whoever held the tablet.
    fatima, _ = journeys
    kiosk.group.requires_pin = False
    db.commit()
    home = text_of(tablet.get("/"))
    assert "Mon parcours" not in home and 'href="/parcours"' not in home
    for answer in (tablet.get("/parcours"), post(tablet, "/parcours/personne", {"participant": str(fatima.id)}),
                   post(tablet, "/parcours/code", {"participant": str(fatima.id), "pin": PIN})):
        page = text_of(answer)
        assert answer.status_code == 403 and "il faut un code personnel" in page
        assert "Fatima" not in page and "séances en" not in page
