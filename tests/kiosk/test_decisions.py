"""On the tablet: « On décide ensemble », a proposal, a secret vote, the results once it has closed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared import clock
from shared.decisions.models import Ballot, Proposal, VoteParticipation
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from tests.conftest import TODAY
from tests.kiosk.conftest import DURING_SESSION, PIN, post, text_of

TOKEN = re.compile(r'name="token" value="([^"]+)"')


@pytest.fixture
def vote(db, kiosk):
    found = open_vote(db, group=kiosk.group, question="Que fait-on en avril ?", opens_on=TODAY,
                      closes_on=TODAY + dt.timedelta(days=14), actor=None,
                      choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
    db.commit()
    return found


def vote_as(tablet, vote, person, choice) -> str:
    page = tablet.get(f"/decisions/vote/{vote.id}")
    assert page.status_code == 200
    choice_value = "0" if choice is None else str(choice.id)
    grid = post(tablet, f"/decisions/vote/{vote.id}", {"choice": choice_value})
    assert grid.status_code == 200 and person.kiosk_name in text_of(grid)
    assert "Qui vote ?" in text_of(grid) and "avis" not in text_of(grid).split("<h1", 1)[1].split("</h1>")[0]
    answer = post(tablet, "/decisions/vote/code", {"vote": vote.id, "choice": choice_value,
                                                   "participant": person.id, "pin": PIN})
    return answer


def test_the_home_screen_offers_deciding_with_or_without_an_open_vote(db, tablet, kiosk):
    assert "On décide ensemble" in text_of(tablet.get("/"))
    open_vote(db, group=kiosk.group, question="Q ?", opens_on=TODAY, closes_on=TODAY, actor=None,
              choices=[ChoiceInput("A", "chat"), ChoiceInput("B", "lune")])
    db.commit()
    assert "On décide ensemble" in text_of(tablet.get("/"))


def test_a_person_votes_once_and_the_ballot_says_nothing_of_them(db, tablet, kiosk, vote):
    fatima = kiosk.people[0]
    choices_page = text_of(tablet.get(f"/decisions/vote/{vote.id}"))
    assert "Cuisine" in choices_page and "Je ne sais pas" in choices_page and 'data-say="Jardinage"' in choices_page
    answer = vote_as(tablet, vote, fatima, vote.choices[1])
    assert answer.status_code == 200 and "Votre vote est enregistré" in text_of(answer)
    again = vote_as(tablet, vote, fatima, vote.choices[0])
    assert "vous avez déjà voté" in text_of(again)
    db.expire_all()
    assert db.scalars(select(VoteParticipation.participant_id)).all() == [fatima.id]
    assert db.scalars(select(Ballot.choice_id)).all() == []  # alone, the ballot waits sealed
    for person, choice in zip(kiosk.people[1:], (vote.choices[0], None)):
        assert "Votre vote est enregistré" in text_of(vote_as(tablet, vote, person, choice))
    db.expire_all()  # the third ballot wrote the three together
    assert sorted(db.scalars(select(Ballot.choice_id)).all(), key=str) == sorted(
        [vote.choices[1].id, vote.choices[0].id, None], key=str)


def test_a_wrong_code_casts_nothing(db, tablet, kiosk, vote):
    answer = post(tablet, "/decisions/vote/code", {"vote": vote.id, "choice": vote.choices[0].id,
                                                   "participant": kiosk.people[0].id, "pin": "0000"})
    assert answer.status_code == 403
    db.expire_all()
    assert db.scalars(select(Ballot)).all() == []


def test_a_closed_vote_refuses_ballots_and_shows_its_results(db, tablet, kiosk, vote):
    close_vote(db, vote, actor=None)
    db.commit()
    answer = post(tablet, "/decisions/vote/code", {"vote": vote.id, "choice": vote.choices[0].id,
                                                   "participant": kiosk.people[0].id, "pin": PIN})
    assert answer.status_code == 409 and "terminé" in text_of(answer)
    assert tablet.get(f"/decisions/vote/{vote.id}").status_code == 409
    db.expire_all()
    assert db.scalars(select(Ballot)).all() == []
    assert "Résultat : Que fait-on en avril ?" in text_of(tablet.get("/decisions"))


def test_results_show_only_after_the_vote_and_from_three_voters(db, tablet, kiosk, vote):
    assert tablet.get(f"/decisions/resultats/{vote.id}").status_code == 404  # still open: no results
    for person in kiosk.people[:2]:
        vote_as(tablet, vote, person, vote.choices[0])
    close_vote(db, vote, actor=None)
    db.commit()
    page = text_of(tablet.get(f"/decisions/resultats/{vote.id}"))
    assert "Pas assez de votes" in page and "2 vote" not in page


def test_a_tie_shows_as_a_tie(db, tablet, kiosk, vote, make):
    fourth = make.participant(group=kiosk.group, first_name="Driss")
    from shared.kiosk.pins import set_pin
    set_pin(db, fourth, PIN, actor=None, now=DURING_SESSION)
    db.commit()
    for person, choice in zip([*kiosk.people, fourth], [0, 1, 0, 1]):
        assert vote_as(tablet, vote, person, vote.choices[choice]).status_code == 200
    with clock.frozen_at(DURING_SESSION + dt.timedelta(days=15)):
        page = text_of(tablet.get(f"/decisions/resultats/{vote.id}"))
    assert "Égalité entre Cuisine et Jardinage" in page and "4 personnes ont voté" in page


def test_a_proposal_in_words_or_in_a_picture(db, tablet, kiosk):
    form = text_of(tablet.get("/decisions/idee"))
    token = TOKEN.search(form).group(1)
    assert "Sans mon nom" not in form  # this group asks for a prénom
    grid = post(tablet, "/decisions/idee", {"pictogram": "theme-jardinage", "text": "", "token": token})
    assert grid.status_code == 200 and kiosk.people[1].kiosk_name in text_of(grid)
    data = {"pictogram": "theme-jardinage", "text": "", "token": token, "signer": "prenom",
            "participant": kiosk.people[1].id, "pin": PIN}
    assert "Merci pour votre idée" in text_of(post(tablet, "/decisions/idee/code", data))
    assert "Merci pour votre idée" in text_of(post(tablet, "/decisions/idee/code", data))  # a double tap
    db.expire_all()
    stored = db.scalars(select(Proposal)).all()
    assert [(p.pictogram, p.participant_id) for p in stored] == [("theme-jardinage", kiosk.people[1].id)]


def test_an_empty_proposal_gets_a_french_message(tablet, kiosk):
    token = TOKEN.search(text_of(tablet.get("/decisions/idee"))).group(1)
    answer = post(tablet, "/decisions/idee", {"text": " ", "pictogram": "", "token": token})
    assert answer.status_code == 400 and "Écrivez quelques mots, ou touchez une image" in text_of(answer)
    answer = post(tablet, "/decisions/idee", {"text": "x", "pictogram": "../../etc/passwd", "token": token})
    assert answer.status_code == 400 and "Choisissez une image" in text_of(answer)


def test_where_the_group_allows_it_a_proposal_may_be_anonymous(db, tablet, kiosk):
    kiosk.group.anonymous_proposals = True
    db.commit()
    form = text_of(tablet.get("/decisions/idee"))
    assert "Sans mon nom" in form
    answer = post(tablet, "/decisions/idee", {"text": "Un pique-nique", "signer": "anonyme",
                                              "token": TOKEN.search(form).group(1)})
    assert "Merci pour votre idée" in text_of(answer)
    db.expire_all()
    assert db.scalars(select(Proposal)).all() == []  # alone, the idea waits sealed until the day is over
    with clock.frozen_at(DURING_SESSION + dt.timedelta(days=1)):
        tablet.get("/")
    db.expire_all()
    assert [(p.text, p.participant_id) for p in db.scalars(select(Proposal))] == [("Un pique-nique", None)]


def test_with_fewer_than_three_people_signed_in_the_ballot_says_a_choice_could_be_recognised(db, tablet, kiosk, vote,
                                                                                               make):
    make.attendance(kiosk.session, kiosk.people[0])
    db.commit()
    page = text_of(tablet.get(f"/decisions/vote/{vote.id}"))
    assert "Moins de 3 personnes ont signé : votre choix pourrait être reconnu." in page
    for person in kiosk.people[1:]:
        make.attendance(kiosk.session, person)
    db.commit()
    assert "Moins de 3 personnes" not in text_of(tablet.get(f"/decisions/vote/{vote.id}"))
