"""Collective decisions in the domain: proposals, votes, secret ballots, results, the winner adopted."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, inspect, select

from shared.anonymity.batches import flush_due_pools
from shared.anonymity.models import PoolEntry
from shared.decisions.ballots import AlreadyVoted, BallotRefused, cast_ballot
from shared.decisions.models import Ballot, Proposal, ProposalStatus, VoteParticipation
from shared.decisions.operations import (ChoiceInput, DecisionError, ProposalAlreadySent, adopt_choice, close_vote,
                                         merge_proposals, open_vote, submit_proposal)
from shared.decisions.queries import pending_proposals
from shared.decisions.results import results_of
from tests.conftest import TODAY

NEXT_WEEK = TODAY + dt.timedelta(days=7)


def a_vote(db, group, labels=("Cuisine", "Jardinage", "Sortie au musée"), closes_on=NEXT_WEEK):
    pictures = ["theme-cuisine", "theme-jardinage", "theme-sorties", "chat", "lune", "soleil", "velo"]
    return open_vote(db, group=group, question="Que fait-on le mois prochain ?",
                     choices=[ChoiceInput(label, pictures[i]) for i, label in enumerate(labels)],
                     opens_on=TODAY, closes_on=closes_on, actor=None)


@pytest.fixture
def group(make):
    return make.group()


@pytest.fixture
def people(make, group):
    return [make.participant(group=group, first_name=name) for name in ("Aïcha", "Bernard", "Chloé", "Driss")]


def test_a_vote_takes_two_to_six_choices_each_with_a_picture(db, group):
    with pytest.raises(DecisionError, match="de 2 à 6 choix"):
        a_vote(db, group, labels=("Cuisine",))
    with pytest.raises(DecisionError, match="de 2 à 6 choix"):
        a_vote(db, group, labels=tuple(f"Choix {n}" for n in range(7)))
    with pytest.raises(DecisionError, match="image"):
        open_vote(db, group=group, question="Q ?", choices=[ChoiceInput("A", ""), ChoiceInput("B", "chat")],
                  opens_on=TODAY, closes_on=TODAY, actor=None)
    assert [c.label for c in a_vote(db, group).choices] == ["Cuisine", "Jardinage", "Sortie au musée"]


def test_the_participation_and_the_ballot_share_nothing(db, group, people):
    vote = a_vote(db, group)
    cast_ballot(db, vote=vote, participant=people[0], choice=vote.choices[1], today=TODAY)
    assert {c.name for c in inspect(Ballot).columns} == {"id", "vote_id", "choice_id"}
    assert {c.name for c in inspect(VoteParticipation).columns} == {"vote_id", "participant_id", "voted_on"}
    # Alone, the ballot waits sealed in the vote's pool; closing the vote writes it, and the results count it.
    assert db.scalars(select(Ballot.choice_id)).all() == [] and db.scalar(select(func.count(PoolEntry.id))) == 1
    close_vote(db, vote, actor=None)
    assert db.scalars(select(Ballot.choice_id)).all() == [vote.choices[1].id]
    assert db.scalar(select(func.count(PoolEntry.id))) == 0 and results_of(db, vote).rows[1].count == 1


def test_one_vote_per_person_per_question(db, group, people):
    vote = a_vote(db, group)
    cast_ballot(db, vote=vote, participant=people[0], choice=vote.choices[0], today=TODAY)
    with pytest.raises(AlreadyVoted, match="déjà voté"):
        cast_ballot(db, vote=vote, participant=people[0], choice=vote.choices[1], today=TODAY)
    assert results_of(db, vote).voters == 1


def test_a_closed_vote_refuses_ballots(db, group, people):
    vote = a_vote(db, group, closes_on=TODAY)
    with pytest.raises(BallotRefused, match="terminé"):
        cast_ballot(db, vote=vote, participant=people[0], choice=vote.choices[0], today=TODAY + dt.timedelta(days=1))
    close_vote(db, vote, actor=None)
    with pytest.raises(BallotRefused, match="terminé"):
        cast_ballot(db, vote=vote, participant=people[0], choice=vote.choices[0], today=TODAY)
    assert results_of(db, vote).voters == 0


def test_results_are_hidden_below_three_voters(db, group, people):
    vote = a_vote(db, group)
    for person in people[:2]:
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[0], today=TODAY)
    assert not results_of(db, vote).shown
    cast_ballot(db, vote=vote, participant=people[2], choice=None, today=TODAY)
    results = results_of(db, vote)
    assert results.shown and results.voters == 3 and results.dont_know == 1
    assert [row.count for row in results.rows] == [2, 0, 0]


def test_a_tie_is_a_tie_and_either_tied_choice_may_be_adopted(db, make, group, people):
    vote = a_vote(db, group)
    for person, choice in zip(people, [0, 1, 0, 1]):
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[choice], today=TODAY)
    # Three ballots were written together; the fourth waits sealed until the vote has closed.
    assert sum(row.count for row in results_of(db, vote).rows) == 3
    coming = make.session(group=group, held_on=NEXT_WEEK + dt.timedelta(days=7))
    with pytest.raises(DecisionError, match="pas terminé"):
        adopt_choice(db, vote, choice=vote.choices[1], session=coming, today=TODAY, actor=None)
    after = NEXT_WEEK + dt.timedelta(days=1)
    assert flush_due_pools(db, today=after) == 1  # what either app does before its first read, once the vote is over
    results = results_of(db, vote)
    assert results.tie and [w.choice.label for w in results.winners] == ["Cuisine", "Jardinage"]
    with pytest.raises(DecisionError, match="en tête"):
        adopt_choice(db, vote, choice=vote.choices[2], session=coming, today=after, actor=None)
    adopt_choice(db, vote, choice=vote.choices[1], session=coming, today=after, actor=None)
    assert coming.title == "Jardinage" and vote.adopted_session_id == coming.id


def test_a_proposal_is_words_or_a_picture_and_anonymous_only_where_allowed(db, make, group, people):
    with pytest.raises(DecisionError, match="avec son prénom"):
        submit_proposal(db, group=group, text="Un pique-nique", pictogram=None, participant=None, today=TODAY)
    with pytest.raises(DecisionError, match="quelques mots"):
        submit_proposal(db, group=group, text="  ", pictogram=None, participant=people[0], today=TODAY)
    picture_only = submit_proposal(db, group=group, text=None, pictogram="theme-jardinage", participant=people[0],
                                   today=TODAY, form_token="x" * 24)
    with pytest.raises(ProposalAlreadySent):
        submit_proposal(db, group=group, text=None, pictogram="theme-jardinage", participant=people[0],
                        today=TODAY, form_token="x" * 24)
    open_group = make.group(anonymous_proposals=True)
    waiting = submit_proposal(db, group=open_group, text="Un pique-nique", pictogram=None, participant=None,
                              today=TODAY)
    assert waiting is None  # alone, it waits sealed in the group's pool of the day
    flush_due_pools(db, today=TODAY + dt.timedelta(days=1))
    anonymous = db.scalars(select(Proposal).where(Proposal.group_id == open_group.id)).one()
    assert picture_only.text is None and anonymous.text == "Un pique-nique" and anonymous.participant_id is None


def test_anonymous_ideas_keep_no_order_of_arrival(db, make):
    """Ideas are listed by the day only: neither their numbers nor the staff's list follow their arrival,
    which the tablet's sign-in times would otherwise match to a person."""
    open_group = make.group(anonymous_proposals=True)
    for n in range(10):
        submit_proposal(db, group=open_group, text=f"Idée {n:02}", pictogram=None, participant=None, today=TODAY)
    flush_due_pools(db, today=TODAY + dt.timedelta(days=1))
    arrived = db.scalars(select(Proposal.id).where(Proposal.group_id == open_group.id).order_by(Proposal.text)).all()
    assert len(arrived) == 10
    assert arrived != sorted(arrived)  # sequential numbers would say who came first (1 chance in 3.6 million)
    listed = db.scalars(pending_proposals(open_group.id)).all()
    assert [proposal.id for proposal in listed] == sorted(arrived)


def test_merged_duplicates_count_for_the_proposal_kept(db, group, people):
    first, second, third = (submit_proposal(db, group=group, text=text, pictogram=None, participant=person,
                                            today=TODAY)
                            for text, person in zip(("Pique-nique", "pique nique", "Musée"), people))
    merge_proposals(db, keep=first, duplicates=[second], actor=None)
    assert first.supporters == 2 and second.status is ProposalStatus.MERGED and second.merged_into_id == first.id
    vote = open_vote(db, group=group, question="Quelle sortie ?", opens_on=TODAY, closes_on=NEXT_WEEK, actor=None,
                     choices=[ChoiceInput(first.text, "theme-sorties", first), ChoiceInput(third.text, "chat", third)])
    assert first.status is ProposalStatus.PUT_TO_VOTE and vote.choices[0].proposal_id == first.id


def test_the_yearly_report_counts_votes_held_and_people_who_took_part(db, make, group, people):
    from shared.reports.figures import activity_report
    from shared.reports.tables import report_tables

    vote = a_vote(db, group)
    for person in people[:3]:
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[0], today=TODAY)
    second = a_vote(db, group)
    cast_ballot(db, vote=second, participant=people[0], choice=None, today=TODAY)
    a_vote(db, make.group())  # another group's vote is not counted
    report = activity_report(db, period_from=dt.date(TODAY.year, 1, 1), period_to=dt.date(TODAY.year, 12, 31),
                             group_id=group.id, today=TODAY)
    table = next(t for t in report_tables(report) if t.key == "decisions")
    assert table.title == "Décisions prises avec le groupe"
    assert table.rows == (("Votes tenus", 2), ("Personnes qui ont voté", 3), ("Voix exprimées", 4))
