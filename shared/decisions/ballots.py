"""Casting a secret ballot: one per person and question, and nothing that ties it to the person.

The participation row (vote, person, day) has the pair as its key and is written at once: a double tap
or a second tablet hits the key and is told « vous avez déjà voté ». The ballot is not written with it:
it waits sealed in the vote's pool (``shared.anonymity``) and is written with at least two others, or
when the vote closes, by rewriting all the ballots of the vote in the order of their random keys. The
results count only written ballots, and a vote's pool is emptied before its results show.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared.anonymity.batches import ballot_pool, flush
from shared.anonymity.pool import add_to_pool
from shared.decisions.models import Vote, VoteChoice, VoteParticipation
from shared.errors import DomainError
from shared.people.models import Participant
from shared.writes import operation


class BallotRefused(DomainError):
    pass


class AlreadyVoted(BallotRefused):
    """The person has voted on this question already (a double tap, another tablet)."""


def has_voted(db: DbSession, vote: Vote, participant: Participant) -> bool:
    return bool(db.scalar(select(exists().where(VoteParticipation.vote_id == vote.id,
                                                VoteParticipation.participant_id == participant.id))))


@operation
def cast_ballot(db: DbSession, *, vote: Vote, participant: Participant, choice: VoteChoice | None,
                today: dt.date) -> None:
    """Record that ``participant`` voted today, and, apart, their ``choice`` (None: « je ne sais pas »)."""
    # Two tablets: the second waits here until the first has committed, then sees its rows.
    db.execute(select(Vote.id).where(Vote.id == vote.id).with_for_update())
    if not vote.is_open(today):
        raise BallotRefused("Ce vote est terminé : il ne prend plus de voix.")
    if participant.group_id != vote.group_id:
        raise BallotRefused("Cette personne n'est pas inscrite dans ce groupe.")
    if choice is not None and choice.vote_id != vote.id:
        raise BallotRefused("Ce choix n'est pas dans ce vote : touchez un des choix proposés.")
    if has_voted(db, vote, participant):
        raise AlreadyVoted("Vous avez déjà voté pour cette question : votre voix est bien comptée.")
    try:
        with db.begin_nested():
            db.execute(insert(VoteParticipation.__table__),
                       [dict(vote_id=vote.id, participant_id=participant.id, voted_on=today)])
            pool = ballot_pool(vote.id)  # its lock is the vote's, taken above
            add_to_pool(db, pool, dict(id=uuid.uuid4().hex, choice_id=choice.id if choice else None))
            flush(db, pool, due=False)
    except IntegrityError:
        raise AlreadyVoted("Vous avez déjà voté pour cette question : votre voix est bien comptée.") from None
