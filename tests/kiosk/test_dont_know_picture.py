"""« Je ne sais pas » has its own picture on the ballot and the results, not the yellow one of errors (#26 item 2)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from shared.decisions.ballots import cast_ballot
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from tests.conftest import TODAY
from tests.kiosk.conftest import post, text_of

PICTOS = Path(__file__).resolve().parents[2] / "kiosk" / "static" / "pictos"
DONT_KNOW = re.compile(r'<img src="([^"]+)" alt=""><span[^>]*>Je ne sais pas</span>')


def a_vote(db, group):
    return open_vote(db, group=group, question="Que fait-on ?", opens_on=TODAY, closes_on=TODAY + dt.timedelta(days=7),
                     actor=None,
                     choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Sortie", "theme-sorties")])


def test_dont_know_on_the_ballot_is_not_the_error_picture(db, tablet, kiosk):
    vote = a_vote(db, kiosk.group)
    db.commit()
    page = text_of(tablet.get(f"/decisions/vote/{vote.id}"))
    picture = DONT_KNOW.search(page).group(1)
    assert picture.split("?")[0].endswith("/pictos/dont-know.svg") and "oops" not in picture
    assert (PICTOS / "dont-know.svg").read_bytes() != (PICTOS / "oops.svg").read_bytes()


def test_dont_know_in_the_results_has_the_same_picture(db, tablet, kiosk, make):
    vote = a_vote(db, kiosk.group)
    people = [*kiosk.people, make.participant(group=kiosk.group, first_name="Driss")]
    for person, choice in zip(people, [vote.choices[0], vote.choices[0], None, vote.choices[1]]):
        cast_ballot(db, vote=vote, participant=person, choice=choice, today=TODAY)
    close_vote(db, vote, actor=None)
    db.commit()
    page = text_of(tablet.get(f"/decisions/resultats/{vote.id}"))
    assert DONT_KNOW.search(page).group(1).split("?")[0].endswith("/pictos/dont-know.svg")


def test_an_error_on_the_ballot_keeps_the_error_picture(db, tablet, kiosk):
    vote = a_vote(db, kiosk.group)
    db.commit()
    answer = post(tablet, f"/decisions/vote/{vote.id}", {"choice": "999999"})
    assert answer.status_code == 400 and "/pictos/oops.svg" in text_of(answer).split('class="error"', 1)[1][:300]
