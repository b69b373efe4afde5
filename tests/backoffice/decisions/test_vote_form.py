"""Issue 22 (11): the vote form's last day is typed JJ/MM/AAAA in the same field and picker as every other date,
checked by the server; each refusal stands under what it is about (« 2 à 6 choix » under the choices);
closing a vote early asks first."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from shared import clock
from shared.decisions.models import Vote
from shared.decisions.operations import ChoiceInput, open_vote
from tests.conftest import TODAY
from tests.pages import text

NOT_A_DATE = "Date non valide\u00a0: écrivez-la JJ/MM/AAAA, par exemple 25/11/2026."


@pytest.fixture(autouse=True)
def on_today():
    with clock.frozen_at(dt.datetime.combine(TODAY, dt.time(10), tzinfo=clock.CENTRE_TZ)):
        yield


@pytest.fixture
def world(make, db):
    group, other = make.group(), make.group()
    return dict(group=group, other=other, facilitator=make.facilitator(group))


def vote_form(world, **overrides):
    data = {"step": "open", "group": str(world["group"].id), "question": "Quelle sortie ?",
            "closes_on": (TODAY + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
            "label-0": "Pique-nique", "picture-0": "theme-sorties", "label-1": "Musée", "picture-1": "chat"}
    return data | overrides


def votes(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Vote))


def under(page: str, anchor: str) -> str:
    """The part of the page from ``anchor`` to the next form group: what is shown under that field."""
    start = page.index(anchor)
    end = page.find('class="form-group', start + len(anchor))
    return page[start:end if end != -1 else None]


def test_the_last_day_is_a_french_date_field_with_the_picker(world, login_as):
    page = text(login_as(world["facilitator"]).get("/decisions/vote"))
    field = re.search(r'<input[^>]*name="closes_on"[^>]*>', page)[0]
    assert 'type="date"' not in field and 'data-role="datepicker"' in field
    assert 'placeholder="JJ/MM/AAAA"' in field and 'data-date-format="DD/MM/YYYY"' in field
    assert f'value="{(TODAY + dt.timedelta(days=14)):%d/%m/%Y}"' in field


def test_a_vote_opens_with_its_last_day_typed_jj_mm_aaaa(world, login_as, db):
    answer = login_as(world["facilitator"]).post("/decisions/vote", data=vote_form(world))
    assert answer.status_code == 302, text(answer)[:2000]
    db.expire_all()
    assert db.scalar(select(Vote)).closes_on == TODAY + dt.timedelta(days=7)


@pytest.mark.parametrize("typed, message", [
    ("31/02/2027", NOT_A_DATE),
    ("12/21/2026", NOT_A_DATE),  # what an English browser's own field showed
    ("", "Indiquez le dernier jour du vote."),
    ((TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y"), "Le vote doit se terminer le jour de son ouverture ou après."),
])
def test_a_wrong_last_day_is_refused_under_the_field(world, login_as, db, typed, message):
    page = text(login_as(world["facilitator"]).post("/decisions/vote", data=vote_form(world, closes_on=typed)))
    assert message in under(page, 'name="closes_on"')
    assert page.count(message) == 1 and 'class="alert alert-danger"' not in page
    assert 'value="Pique-nique"' in page and 'value="Quelle sortie ?"' in page  # nothing typed is lost
    assert votes(db) == 0


@pytest.mark.parametrize("overrides, message", [
    ({"label-1": "", "picture-1": ""}, "Un vote propose de 2 à 6 choix (1 saisis)."),
    ({"picture-1": ""}, "Choisissez une image pour «\u00a0Musée\u00a0»."),
    ({"label-1": "pique-nique"}, "Deux choix portent le même nom."),
])
def test_a_refusal_about_the_choices_stands_under_the_choices(world, login_as, db, overrides, message):
    page = text(login_as(world["facilitator"]).post("/decisions/vote", data=vote_form(world, **overrides)))
    choices = page[page.index('id="choices"'):page.index("</fieldset>")]
    assert message in choices and 'id="choices-error"' in choices
    assert page.count(message) == 1 and 'class="alert alert-danger"' not in page
    assert votes(db) == 0


def test_an_empty_question_is_refused_under_the_question(world, login_as, db):
    page = text(login_as(world["facilitator"]).post("/decisions/vote", data=vote_form(world, question=" ")))
    assert "la question" in under(page, 'id="question"').lower()
    assert votes(db) == 0


def test_every_refusal_is_said_at_once_each_under_its_field(world, login_as, db):
    typed = vote_form(world, question=" ", closes_on="31/02/2027", **{"label-1": "", "picture-1": ""})
    page = text(login_as(world["facilitator"]).post("/decisions/vote", data=typed))
    assert "la question" in under(page, 'id="question"').lower()
    assert NOT_A_DATE in under(page, 'name="closes_on"')
    choices = page[page.index('id="choices"'):page.index("</fieldset>")]
    assert "Un vote propose de 2 à 6 choix (1 saisis)." in choices
    assert 'value="Pique-nique"' in page  # nothing typed is lost
    assert votes(db) == 0


@pytest.mark.parametrize("group", ["other", "999999999", "abc", ""])
def test_a_group_one_may_not_see_or_a_forged_one_is_refused_under_the_group(world, login_as, db, group):
    value = str(world["other"].id) if group == "other" else group
    response = login_as(world["facilitator"]).post("/decisions/vote", data=vote_form(world, group=value))
    assert response.status_code == 200
    assert "Choisissez le groupe." in under(text(response), 'id="group"')
    assert votes(db) == 0


def test_closing_a_vote_early_asks_first(world, login_as, db):
    vote = open_vote(db, group=world["group"], question="Que fait-on ?", opens_on=TODAY,
                     closes_on=TODAY + dt.timedelta(days=3), actor=None,
                     choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
    page = text(login_as(world["facilitator"]).get("/decisions/"))
    form = re.search(rf'<form[^>]*action="/decisions/{vote.id}/clore"[^>]*>', page)[0]
    assert "data-confirm=\"Clore le vote «\u00a0Que fait-on\u00a0?\u00a0» maintenant\u00a0?" in form
