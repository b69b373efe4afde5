"""« Décisions prises avec le groupe »: votes held during the period and the people who took part."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session as DbSession

from shared.decisions.models import Vote, VoteParticipation
from shared.reports.scope import ReportScope


@dataclass(frozen=True)
class DecisionFigures:
    votes_held: int  # votes that closed during the period (by their date or by staff)
    participants: int  # different people who voted at least once in them
    ballots: int  # votes cast, all questions together


def decision_figures(db: DbSession, scope: ReportScope) -> DecisionFigures:
    held = (select(Vote.id).where(scope.of_group(Vote.group_id), Vote.opens_on <= scope.period_to,
                                  Vote.closes_on >= scope.period_from, Vote.opens_on <= scope.last_day_so_far))
    took_part = select(VoteParticipation).where(VoteParticipation.vote_id.in_(held)).subquery()
    votes, people, ballots = db.execute(select(  # one query: the report's page keeps its query budget
        select(func.count()).select_from(held.subquery()).scalar_subquery(),
        select(func.count(distinct(took_part.c.participant_id))).scalar_subquery(),
        select(func.count()).select_from(took_part).scalar_subquery(),
    )).one()
    return DecisionFigures(votes_held=votes or 0, participants=people or 0, ballots=ballots or 0)
