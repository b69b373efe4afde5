"""« En faire le thème de cette séance »: the facilitator is asked which session (by default one in the month
the vote was about), sees the title it replaces, and confirms; nothing changes before."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from shared import clock
from shared.decisions.ballots import cast_ballot
from shared.decisions.models import Vote
from shared.decisions.operations import ChoiceInput, open_vote
from shared.decisions.periods import period_of
from shared.sessions.models import Session
from tests.conftest import TODAY
from tests.pages import text

AFTER_VOTE = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(10), tzinfo=clock.CENTRE_TZ)


@pytest.fixture(autouse=True)
def on_today():
    with clock.frozen_at(dt.datetime.combine(TODAY, dt.time(10), tzinfo=clock.CENTRE_TZ)):
        yield


@pytest.fixture
def login_as(login_as):
    """Signed in the day after the vote, when its result is adopted (a session lasts 8 hours at most)."""
    def signed_in_after_the_vote(staff):
        with clock.frozen_at(AFTER_VOTE):
            return login_as(staff)
    return signed_in_after_the_vote


@pytest.fixture
def world(make, db):
    group, other = make.group(), make.group()
    people = [make.participant(group=group, first_name=name) for name in ("Aïcha", "Bernard", "Chloé")]
    vote = open_vote(db, group=group, question="Quelle activité en mai ?", opens_on=TODAY, closes_on=TODAY,
                     actor=None, choices=[ChoiceInput("Cuisine", "theme-cuisine"),
                                          ChoiceInput("Jardinage", "theme-jardinage")])
    for person in people:
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[0], today=TODAY)
    soon = make.session(group=group, held_on=TODAY + dt.timedelta(days=3), title="Atelier couture")
    may = make.session(group=group, held_on=dt.date(2026, 5, 14), title="Jardinage au parc")
    may_later = make.session(group=group, held_on=dt.date(2026, 5, 28))
    elsewhere = make.session(group=other, held_on=dt.date(2026, 5, 14), title="Ailleurs")
    db.commit()
    return dict(group=group, vote=vote, soon=soon, may=may, may_later=may_later, elsewhere=elsewhere,
                facilitator=make.facilitator(group), other_facilitator=make.facilitator(other),
                referrer=people[0].referrals[0].referrer)


def title_of(db, session) -> str | None:
    db.expire_all()
    return db.get(Session, session.id).title


def post(client, world, **data):
    vote = world["vote"]
    with clock.frozen_at(AFTER_VOTE):
        return client.post(f"/decisions/{vote.id}/retenir", data={"choice": vote.choices[0].id} | data)


def test_the_vote_names_its_month_and_the_default_session_is_in_it(world, login_as):
    assert period_of(world["vote"]).label == "mai 2026"
    with clock.frozen_at(AFTER_VOTE):
        page = text(login_as(world["facilitator"]).get("/decisions/"))
    selected = re.findall(r'<option value="(\d+)" selected>([^<]*)</option>', page)
    assert selected == [(str(world["may"].id), "jeudi 14 mai 2026 – Jardinage au parc")]
    assert "Atelier couture" in page  # the next session is offered too, with its title
    assert "Pour quelle séance (mai 2026)" in page


def test_choosing_a_session_shows_what_will_be_replaced_and_changes_nothing(world, login_as, db):
    page = text(post(login_as(world["facilitator"]), world, session=world["may"].id))
    assert "Ce vote portait sur <strong>mai 2026</strong>" in page
    assert re.search(r'id="adopt-before">«\u00a0Jardinage au parc\u00a0»', page)
    assert re.search(r'id="adopt-after"><strong>«\u00a0Cuisine\u00a0»', page)
    assert "Confirmer\u00a0: «\u00a0Cuisine\u00a0» le 14/05/2026" in page
    assert title_of(db, world["may"]) == "Jardinage au parc"


def test_confirming_replaces_the_title_and_says_what_it_replaced(world, login_as, db):
    client = login_as(world["facilitator"])
    answer = post(client, world, session=world["may"].id, replaces="Jardinage au parc", confirmed="1")
    assert answer.status_code == 302
    assert title_of(db, world["may"]) == "Cuisine"
    assert title_of(db, world["soon"]) == "Atelier couture"
    with clock.frozen_at(AFTER_VOTE):
        page = text(client.get("/decisions/"))
    assert "à la place de «\u00a0Jardinage au parc\u00a0»" in page
    assert db.get(Vote, world["vote"].id).adopted_session_id == world["may"].id


def test_a_session_outside_the_votes_month_is_flagged_before_confirming(world, login_as, db):
    page = text(post(login_as(world["facilitator"]), world, session=world["soon"].id))
    assert "Cette séance n'est pas en mai 2026" in page and "«\u00a0Atelier couture\u00a0»" in page
    assert title_of(db, world["soon"]) == "Atelier couture"


def test_a_title_changed_since_it_was_shown_is_not_replaced_unseen(world, login_as, db):
    page = text(post(login_as(world["facilitator"]), world, session=world["may"].id, replaces="Autre chose",
                     confirmed="1"))
    assert "Le titre de cette séance a changé entre-temps" in page
    assert "«\u00a0Jardinage au parc\u00a0»" in page
    assert title_of(db, world["may"]) == "Jardinage au parc"


def test_another_groups_session_or_a_forged_one_is_refused(world, login_as, db):
    client = login_as(world["facilitator"])
    for forged in (world["elsewhere"].id, "999999", "abc", ""):
        answer = post(client, world, session=forged, replaces="Ailleurs", confirmed="1")
        assert answer.status_code == 302
    assert title_of(db, world["elsewhere"]) == "Ailleurs"


def test_a_losing_choice_cannot_be_confirmed(world, login_as, db):
    vote = world["vote"]
    with clock.frozen_at(AFTER_VOTE):
        login_as(world["facilitator"]).post(f"/decisions/{vote.id}/retenir", data={
            "choice": vote.choices[1].id, "session": world["may"].id, "replaces": "Jardinage au parc",
            "confirmed": "1"})
    assert title_of(db, world["may"]) == "Jardinage au parc"


def test_no_preview_for_a_losing_choice_or_a_vote_still_open(world, login_as, db):
    client = login_as(world["facilitator"])
    vote = world["vote"]
    with clock.frozen_at(AFTER_VOTE):
        loser = client.post(f"/decisions/{vote.id}/retenir", data={"choice": vote.choices[1].id,
                                                                   "session": world["may"].id}, follow_redirects=True)
    assert "Seul un choix arrivé en tête peut être retenu." in text(loser)
    assert "Ce qui changera" not in text(loser)
    still_open = client.post(f"/decisions/{vote.id}/retenir", data={"choice": vote.choices[0].id,
                                                                    "session": world["may"].id}, follow_redirects=True)
    assert "Le vote n'est pas terminé" in text(still_open) and "Ce qui changera" not in text(still_open)


def test_another_groups_facilitator_or_a_referrer_cannot_adopt(world, login_as, db):
    for staff in (world["other_facilitator"], world["referrer"]):
        answer = post(login_as(staff), world, session=world["may"].id, replaces="Jardinage au parc", confirmed="1")
        assert answer.status_code in (403, 404)
    assert title_of(db, world["may"]) == "Jardinage au parc"


@pytest.mark.parametrize("question, expected", [
    ("Quelle sortie en janvier ?", "janvier 2027"),
    ("On fait quoi en Février 2027 ?", "février 2027"),
    ("Quelle activité en MARS ?", "mars 2026"),
    ("Quelle activité ?", None),
    ("Que faire pour la fête des mères ?", None),
])
def test_the_month_a_vote_is_about_is_read_from_its_question(question, expected):
    vote = Vote(question=question, opens_on=TODAY, closes_on=TODAY)
    period = period_of(vote)
    assert (period.label if period else None) == expected


def test_the_confirmation_page_is_typeset_the_french_way(world, login_as):
    from tests.typography import typography_faults

    page = post(login_as(world["facilitator"]), world, session=world["soon"].id).get_data(as_text=True)
    assert typography_faults(page) == []
