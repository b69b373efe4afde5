"""Results of a vote: counts per choice, shown once it has closed and only from 3 voters; ties stay ties."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.decisions.models import MIN_VOTERS, Ballot, Vote, VoteChoice, VoteParticipation
from shared.sessions.models import Session


@dataclass
class ChoiceCount:
    choice: VoteChoice
    count: int


@dataclass
class Results:
    voters: int
    rows: list[ChoiceCount]
    dont_know: int

    @property
    def shown(self) -> bool:
        """Below 3 voters a count would tell who chose what: only « pas assez de votes » shows."""
        return self.voters >= MIN_VOTERS

    @property
    def winners(self) -> list[ChoiceCount]:
        """The choice(s) with the most votes; several when tied; none when nobody chose."""
        top = max((row.count for row in self.rows), default=0)
        return [row for row in self.rows if top > 0 and row.count == top]

    @property
    def tie(self) -> bool:
        return len(self.winners) > 1


def voters_of(db: DbSession, vote: Vote) -> int:
    return db.scalar(select(func.count()).select_from(VoteParticipation).where(VoteParticipation.vote_id == vote.id))


def results_of(db: DbSession, vote: Vote) -> Results:
    counts = dict(db.execute(select(Ballot.choice_id, func.count()).where(Ballot.vote_id == vote.id)
                             .group_by(Ballot.choice_id)).all())
    rows = [ChoiceCount(choice, counts.get(choice.id, 0)) for choice in vote.choices]
    return Results(voters_of(db, vote), rows, counts.get(None, 0))


@dataclass
class Outcome:
    """What became of a closed vote, as the tablet tells the group: the choice it made (None below 3 voters, on an
    unsettled tie or when nobody chose) and the coming session that choice became the theme of, if any."""

    choice: VoteChoice | None
    session: Session | None


def outcome_of(vote: Vote, results: Results) -> Outcome:
    """Only from 3 voters; a tie settled by the team (« En faire le thème de cette séance ») names its choice."""
    if not results.shown:
        return Outcome(None, None)
    winners = [row.choice for row in results.winners]
    session = vote.adopted_session
    if session is not None:
        # adopt_choice gives the session the choice's label; a title retouched since still names the one winner.
        named = [choice for choice in winners if choice.label == session.title]
        if named or len(winners) == 1:
            return Outcome((named or winners)[0], session)
    return Outcome(winners[0] if len(winners) == 1 else None, None)
