"""On a session day the dashboard opens on « Séance du jour »: Présences, Feuille d'émargement, the présences
à confirmer with their count, the opinions of the day; the opinions list says that anonymous ones come tomorrow."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest

from shared import clock
from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.kiosk.offline_models import PendingAttendance
from tests.backoffice.world import build_world
from tests.pages import text

# What differs between two renderings of a page: field values, script nonces, the CSRF token (it carries the second)
VARYING = r'value="[^"]*"|nonce="[^"]*"|csrf-token="[^"]*"'


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def block(page: str) -> str:
    found = re.search(r'<section[^>]*id="seance-du-jour".*?</section>', page, re.S)
    return re.sub(r"[ \t\r\n]+", " ", found.group(0)) if found else ""


def opinion(session, person=None, mood=Mood.GOOD):
    return Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.COLLECTIVE,
                    mood=mood, text="Bien", participant_id=person.id if person else None)


@pytest.fixture
def session_day(world, make, db, today):
    session = make.session(world.group, held_on=today, title="Cuisine du monde")
    other = make.session(world.other_group, held_on=today, title="Sortie au musée")
    make.attendance(session, world.participant)
    db.add_all([PendingAttendance(session_id=session.id, participant_id=world.participant.id, reason="x",
                                  signed_at=clock.now()),
                opinion(session, world.participant), opinion(session, world.participant),
                opinion(session), opinion(session)])  # two signed, two anonymous
    db.commit()
    return session, other


def test_on_a_session_day_the_dashboard_leads_to_attendance_sheet_confirmations_and_opinions(
        world, login_as, session_day):
    session, other = session_day
    page = block(text(login_as(world.facilitator).get("/")))
    assert "Séance du jour" in page and "Cuisine du monde" in page
    assert f'href="/actions/attendance/{session.id}"' in page and ">Présences</a>" in page
    assert "Feuille d'émargement</a>" in page
    assert "Présences à confirmer\u00a0: 1" in page and 'href="/pendingattendance/"' in page
    assert "Avis du jour\u00a0: 2" in page  # the two signed ones; the anonymous ones tomorrow
    assert "Les avis anonymes de la séance s'affichent demain" in page
    assert "1 présent" in page
    assert "Sortie au musée" not in page  # another group's session: not this facilitator's


def test_the_sign_in_sheet_link_of_the_block_opens_todays_sheet(world, login_as, session_day):
    session, _ = session_day
    client = login_as(world.facilitator)
    page = block(text(client.get("/")))
    sheet = re.search(r'href="([^"]+)"[^>]*>Feuille d\'émargement', page).group(1)
    answer = client.get(sheet)
    assert answer.status_code == 200 and "Feuille d'émargement" in text(answer)


def test_on_a_day_without_session_there_is_no_block(world, login_as):
    assert block(text(login_as(world.facilitator).get("/"))) == ""


def test_a_cancelled_session_of_the_day_gets_no_block(world, login_as, make, db, today):
    make.session(world.group, held_on=today, cancelled=True, cancel_reason="Grève")
    db.commit()
    assert block(text(login_as(world.facilitator).get("/"))) == ""


def test_a_referrer_sees_no_session_day_block(world, login_as, session_day):
    assert block(text(login_as(world.referrer).get("/"))) == ""


def test_the_opinions_list_says_anonymous_opinions_of_the_day_come_tomorrow(world, login_as, session_day):
    page = text(login_as(world.facilitator).get("/feedback/"))
    assert "Les avis anonymes apparaissent ici le lendemain de leur séance" in page
    assert "ceux d'aujourd'hui attendent la fin de la journée" in page


def test_the_opinions_list_shows_no_count_of_the_anonymous_ones_still_waiting(world, login_as, session_day, db):
    client = login_as(world.facilitator)
    before = text(client.get("/feedback/")).replace(" ", "")
    session, _ = session_day
    db.add(opinion(session))
    db.commit()
    after = text(client.get("/feedback/")).replace(" ", "")
    assert before.count("anonyme") == after.count("anonyme")
    assert re.sub(VARYING, "", before) == re.sub(VARYING, "", after)


def test_the_session_day_block_and_the_pending_list_are_typeset_the_french_way(world, login_as, session_day):
    from tests.typography import typography_faults

    client = login_as(world.facilitator)
    for url in ("/", "/pendingattendance/", "/feedback/"):
        assert typography_faults(client.get(url).get_data(as_text=True)) == [], url


def test_the_block_is_one_query_whatever_the_number_of_sessions_of_the_day(world, login_as, make, db, today):
    """Each session's présences à confirmer and opinions are counted in the sessions' own query (bench budget)."""
    from tests.statements import counting_queries

    client = login_as(world.admin)
    counts = []
    for group, title in ((world.group, "Cuisine du monde"), (world.other_group, "Sortie au musée")):
        session = make.session(group, held_on=today, title=title)
        db.add_all([PendingAttendance(session_id=session.id, participant_id=world.participant.id, reason="x",
                                      signed_at=clock.now()), opinion(session, world.participant)])
        db.commit()
        client.get("/")
        with counting_queries() as statements:
            page = block(text(client.get("/")))
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert "Cuisine du monde" in page and "Sortie au musée" in page
    assert page.count("Présences à confirmer\u00a0: 1") == 2 and page.count("Avis du jour\u00a0: 1") == 2
