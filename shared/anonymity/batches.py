"""The three pools, their locks, when each is due, and how each one's answers become rows.

- opinions: per session, due once the session's day is over (staff read anonymous opinions from the
  next day; the tablet takes opinions all day);
- ideas: per group and day, due once the day is over;
- ballots: per vote, due once the vote has closed (by its date or by staff: ``close_vote`` flushes first).

Written rows rewrite their neighbours in the order of their random keys (``rewrite_in_key_order``): the
table then holds one transaction's rows, in key order, for the whole session, day or vote.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.anonymity.models import PoolKind
from shared.anonymity.pool import Pool, flush_pool, waiting_pools
from shared.decisions.models import Ballot, Proposal, ProposalStatus, Vote
from shared.feedback.arrival import rewrite_in_key_order
from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.groups.models import Group
from shared.sessions.models import Session
from shared.writes import operation

_FEEDBACK, _PROPOSALS, _BALLOTS = Feedback.__table__, Proposal.__table__, Ballot.__table__
_MERGED = _PROPOSALS.alias("merged")


def opinion_pool(session_id: int) -> Pool:
    return Pool(PoolKind.OPINION, session_id=session_id)


def idea_pool(group_id: int, day: dt.date) -> Pool:
    return Pool(PoolKind.IDEA, group_id=group_id, day=day)


def ballot_pool(vote_id: int) -> Pool:
    return Pool(PoolKind.BALLOT, vote_id=vote_id)


def lock(db: DbSession, pool: Pool) -> None:
    """Take the pool's lock: a second tablet, or a second flush, waits here until the first has committed."""
    model, key = {PoolKind.OPINION: (Session, pool.session_id), PoolKind.IDEA: (Group, pool.group_id),
                  PoolKind.BALLOT: (Vote, pool.vote_id)}[pool.kind]
    db.execute(select(model.id).where(model.id == key).with_for_update())


def is_due(db: DbSession, pool: Pool, today: dt.date) -> bool:
    """Nothing more can join the pool: its session's day, its ideas' day is over, or its vote has closed."""
    if pool.kind is PoolKind.OPINION:
        held_on = db.scalar(select(Session.held_on).where(Session.id == pool.session_id))
        return held_on is None or held_on < today
    if pool.kind is PoolKind.IDEA:
        return pool.day < today
    vote = db.get(Vote, pool.vote_id)
    return vote is None or vote.is_closed(today)


def flush(db: DbSession, pool: Pool, *, due: bool) -> int:
    """Write ``pool``'s answers if there are at least three, or all of them when ``due``; caller holds the lock."""
    if pool.kind is PoolKind.OPINION:
        anonymous = (_FEEDBACK.c.session_id == pool.session_id) & _FEEDBACK.c.participant_id.is_(None)
        return flush_pool(db, pool, table=_FEEDBACK, to_row=lambda answer: _opinion_row(pool, answer), due=due,
                          write=lambda rows: rewrite_in_key_order(db, _FEEDBACK, anonymous, rows))
    if pool.kind is PoolKind.IDEA:
        return flush_pool(db, pool, table=_PROPOSALS, to_row=lambda answer: _idea_row(pool, answer), due=due,
                          write=lambda rows: rewrite_in_key_order(db, _PROPOSALS, anonymous_ideas(pool), rows))
    return flush_pool(db, pool, table=_BALLOTS, to_row=lambda answer: _ballot_row(pool, answer), due=due,
                      write=lambda rows: rewrite_in_key_order(db, _BALLOTS, _BALLOTS.c.vote_id == pool.vote_id, rows))


def anonymous_ideas(pool: Pool):
    """The day's anonymous ideas of the group that nothing points to yet (a merge, a vote): rewritable."""
    merged_into = select(_MERGED.c.id).where(_MERGED.c.merged_into_id == _PROPOSALS.c.id).exists()
    return ((_PROPOSALS.c.group_id == pool.group_id) & _PROPOSALS.c.participant_id.is_(None)
            & (_PROPOSALS.c.proposed_on == pool.day) & (_PROPOSALS.c.status == ProposalStatus.NEW) & ~merged_into)


@operation
def flush_due_pools(db: DbSession, *, today: dt.date | None = None, every_pool: bool = False) -> int:
    """Write what waits in every pool that is due (``every_pool``: in all pools, before the secret key
    changes). Returns how many answers were written."""
    today = clock.today() if today is None else today
    written = 0
    for pool in waiting_pools(db):
        if every_pool or is_due(db, pool, today):
            lock(db, pool)
            written += flush(db, pool, due=True)
    return written


def _opinion_row(pool: Pool, answer: dict) -> dict:
    return dict(id=uuid.UUID(answer["id"]), session_id=pool.session_id, given_on=dt.date.fromisoformat(answer["given_on"]),
                scope=FeedbackScope(answer["scope"]), mood=Mood(answer["mood"]), text=answer.get("text"),
                participant_id=None, status=FeedbackStatus.NEW, form_token=answer.get("form_token"))


def _idea_row(pool: Pool, answer: dict) -> dict:
    return dict(id=int(answer["id"]), group_id=pool.group_id, text=answer.get("text"), pictogram=answer.get("pictogram"),
                proposed_on=pool.day, participant_id=None, status=ProposalStatus.NEW, merged_into_id=None,
                supporters=1, form_token=answer.get("form_token"))


def _ballot_row(pool: Pool, answer: dict) -> dict:
    choice = answer["choice_id"]
    return dict(id=uuid.UUID(answer["id"]), vote_id=pool.vote_id, choice_id=None if choice is None else int(choice))
