"""« On décide ensemble » is always on the home screen: ideas always open, the last results and what became of
them (« Choisi : Cuisine, le mardi 17 mars »), « Pas assez de votes » under three voters (#26 item 1)."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.decisions.ballots import cast_ballot
from shared.decisions.operations import ChoiceInput, adopt_choice, close_vote, open_vote
from shared.kiosk.tokens import new_form_token
from tests.conftest import TODAY
from tests.kiosk.conftest import PIN, post, text_of

NB = "\u00a0"


def a_vote(db, group, question="Que fait-on en avril ?"):
    return open_vote(db, group=group, question=question, opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=7),
                     actor=None, choices=[ChoiceInput("Cuisine", "theme-cuisine"),
                                          ChoiceInput("Jardinage", "theme-jardinage")])


@pytest.fixture
def voters(db, make, kiosk):
    return [*kiosk.people, make.participant(group=kiosk.group, first_name="Driss")]


def closed_with(db, vote, voters, picks):
    for person, pick in zip(voters, picks):
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[pick], today=TODAY)
    close_vote(db, vote, actor=None)
    db.commit()
    return vote


def decisions_screen(tablet) -> str:
    response = tablet.get("/decisions")
    assert response.status_code == 200
    return text_of(response)


def test_the_home_screen_offers_deciding_together_without_any_vote(tablet, kiosk):
    home = text_of(tablet.get("/"))
    assert "On décide ensemble" in home and 'href="/decisions"' in home
    assert "J'ai une idée" in decisions_screen(tablet)


def test_before_the_first_vote_a_person_proposes_an_idea(db, tablet, kiosk):
    form = text_of(tablet.get("/decisions/idee"))
    assert "Votre idée" in form or "idée" in form
    data = {"pictogram": "theme-sorties", "text": "Aller au cinéma", "token": new_form_token(), "signer": "prenom",
            "participant": kiosk.people[0].id, "pin": PIN}
    assert "Merci pour votre idée" in text_of(post(tablet, "/decisions/idee/code", data))


def test_the_last_result_says_what_the_group_chose_and_the_session_it_became(db, make, tablet, kiosk, voters):
    vote = closed_with(db, a_vote(db, kiosk.group), voters, [1, 1, 0])
    coming = make.session(group=kiosk.group, held_on=TODAY + dt.timedelta(days=7))
    adopt_choice(db, vote, choice=vote.choices[1], session=coming, today=TODAY, actor=None)
    db.commit()
    page = decisions_screen(tablet)
    assert f"Résultat{NB}: Que fait-on en avril{NB}?" in page
    assert f"Choisi{NB}: Jardinage, le mardi 17 mars" in page
    spoken = f"Résultat du vote{NB}: Que fait-on en avril{NB}?. Choisi{NB}: Jardinage, le mardi 17 mars"
    assert f'data-say="{spoken}"' in page


def test_a_result_not_yet_put_on_the_programme_names_the_choice(db, tablet, kiosk, voters):
    closed_with(db, a_vote(db, kiosk.group), voters, [0, 0, 1, 0])
    page = decisions_screen(tablet)
    assert f"Choisi{NB}: Cuisine" in page and "Choisi" + NB + ": Cuisine, le" not in page


def test_under_three_voters_the_screen_says_not_enough_votes_and_names_no_choice(db, make, tablet, kiosk, voters):
    closed_with(db, a_vote(db, kiosk.group), voters, [1, 1])
    page = decisions_screen(tablet)
    assert "Pas assez de votes" in page
    assert "Choisi" not in page and "Jardinage" not in page


def test_a_tie_shows_as_a_tie_until_the_team_settles_it(db, make, tablet, kiosk, voters):
    vote = closed_with(db, a_vote(db, kiosk.group), voters, [0, 1, 0, 1])
    assert f"Égalité{NB}: Cuisine et Jardinage" in decisions_screen(tablet)
    coming = make.session(group=kiosk.group, held_on=TODAY + dt.timedelta(days=14))
    adopt_choice(db, vote, choice=vote.choices[0], session=coming, today=TODAY, actor=None)
    db.commit()
    page = decisions_screen(tablet)
    assert f"Choisi{NB}: Cuisine, le mardi 24 mars" in page and "Égalité" not in page


def test_another_group_s_votes_never_show(db, make, tablet, kiosk):
    other = make.group(name="Autre groupe")
    people = [make.participant(group=other, first_name=f"P{n}") for n in range(3)]
    closed_with(db, a_vote(db, other, "Question d'un autre groupe ?"), people, [0, 0, 0])
    page = decisions_screen(tablet)
    assert "Question d'un autre groupe" not in page and "Choisi" not in page
