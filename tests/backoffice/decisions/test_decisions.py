"""Back-office: the group's proposals merged and put to the vote, votes opened and closed, results as
counts and an SVG chart (from 3 voters), the winner made the title of a coming session."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from shared import clock
from shared.decisions.ballots import cast_ballot
from shared.decisions.models import Ballot, Proposal, ProposalStatus, Vote
from shared.decisions.operations import ChoiceInput, open_vote, submit_proposal
from shared.staff.models import Role
from tests.backoffice.test_writes_settings import _group_form
from tests.conftest import TODAY


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def on_today():
    with clock.frozen_at(dt.datetime.combine(TODAY, dt.time(10), tzinfo=clock.CENTRE_TZ)):
        yield


@pytest.fixture
def world(make, db):
    group, other = make.group(), make.group()
    people = [make.participant(group=group, first_name=name) for name in ("Aïcha", "Bernard", "Chloé", "Driss")]
    facilitator = make.facilitator(group)
    ideas = [submit_proposal(db, group=group, text=words, pictogram=None, participant=person, today=TODAY)
             for words, person in zip(("Pique-nique", "Un pique-nique", "Musée"), people)]
    elsewhere = submit_proposal(db, group=other, text="Idée d'ailleurs", pictogram=None,
                                participant=make.participant(group=other), today=TODAY)
    return dict(group=group, people=people, facilitator=facilitator, ideas=ideas, elsewhere=elsewhere)


def test_a_facilitator_sees_their_groups_proposals_only(world, login_as):
    page = text(login_as(world["facilitator"]).get("/decisions/"))
    assert "Un pique-nique" in page and "Idée d'ailleurs" not in page


def test_duplicates_are_merged(world, login_as, db):
    client = login_as(world["facilitator"])
    first, second, _ = world["ideas"]
    client.post("/decisions/regrouper", data={"proposal": [first.id, second.id], "keep": first.id})
    db.expire_all()
    assert db.get(Proposal, second.id).status is ProposalStatus.MERGED and db.get(Proposal, first.id).supporters == 2
    answer = client.post("/decisions/regrouper", data={"proposal": [first.id, world["elsewhere"].id]})
    assert answer.status_code == 404  # another group's idea


def test_proposals_put_to_the_vote_and_opened(world, login_as, db):
    client = login_as(world["facilitator"])
    first, _, third = world["ideas"]
    form = text(client.post("/decisions/vote", data={"proposal": [first.id, third.id]}))
    assert 'value="Pique-nique"' in form and 'value="Musée"' in form
    data = {"step": "open", "group": world["group"].id, "question": "Quelle sortie ?",
            "closes_on": (TODAY + dt.timedelta(days=7)).isoformat(), "label-0": "Pique-nique",
            "picture-0": "theme-sorties", "proposal-0": first.id, "label-1": "Musée", "picture-1": ""}
    refused = text(client.post("/decisions/vote", data=data))
    assert "Choisissez une image pour « Musée »" in refused
    answer = client.post("/decisions/vote", data=data | {"picture-1": "chat"})
    assert answer.status_code == 302
    db.expire_all()
    vote = db.scalar(select(Vote))
    assert [c.label for c in vote.choices] == ["Pique-nique", "Musée"]
    assert db.get(Proposal, first.id).status is ProposalStatus.PUT_TO_VOTE


def test_results_as_counts_and_a_chart_then_the_winner_becomes_a_session_title(world, login_as, db, make):
    vote = open_vote(db, group=world["group"], question="Que fait-on ?", opens_on=TODAY, closes_on=TODAY,
                     actor=None, choices=[ChoiceInput("Cuisine", "theme-cuisine"),
                                          ChoiceInput("Jardinage", "theme-jardinage")])
    for person, choice in zip(world["people"][:2], (0, 1)):
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[choice], today=TODAY)
    coming = make.session(group=world["group"], held_on=TODAY + dt.timedelta(days=9))
    client = login_as(world["facilitator"])
    assert "les résultats s'affichent à sa clôture" in text(client.get("/decisions/"))
    later = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(10), tzinfo=clock.CENTRE_TZ)
    with clock.frozen_at(later):
        assert db.scalars(select(Ballot)).all() == []  # the two ballots still wait sealed in the vote's pool
        client = login_as(world["facilitator"])  # a day later: yesterday's session has ended
        assert "Pas assez de votes" in text(client.get("/decisions/"))
        db.expire_all()
        assert len(db.scalars(select(Ballot)).all()) == 2  # the vote is over: the page's request wrote them first
    cast_ballot(db, vote=vote, participant=world["people"][2], choice=vote.choices[1], today=TODAY)
    db.commit()
    with clock.frozen_at(later):
        page = text(client.get("/decisions/"))
        assert "<svg" in page and "Choix du groupe : <strong>Jardinage</strong>" in page
        answer = client.post(f"/decisions/{vote.id}/retenir", data={"choice": vote.choices[1].id,
                                                                    "session": coming.id, "replaces": "",
                                                                    "confirmed": "1"})
    assert answer.status_code == 302
    db.expire_all()
    assert db.get(type(coming), coming.id).title == "Jardinage"


def test_the_group_form_sets_anonymous_proposals(world, login_as, db, make):
    admin = make.staff(Role.ADMIN)
    client = login_as(admin)
    group = world["group"]
    form = text(client.get(f"/group/edit/?id={group.id}"))
    assert "Propositions anonymes permises (tablette)" in form
    data = _group_form(name=group.name) | {"anonymous_proposals": "y"}
    assert client.post(f"/group/edit/?id={group.id}", data=data).status_code == 302
    db.refresh(group)
    assert group.anonymous_proposals is True
