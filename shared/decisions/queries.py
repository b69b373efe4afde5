"""Named queries of collective decisions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select

from shared.decisions.models import Proposal, ProposalStatus, Vote


def open_votes(group_id: int, today: dt.date) -> Select:
    return (select(Vote).where(Vote.group_id == group_id, Vote.opens_on <= today, Vote.closes_on >= today,
                               Vote.closed_early.is_(False)).order_by(Vote.closes_on, Vote.id))


def recent_results(group_id: int, today: dt.date, *, within_days: int = 45) -> Select:
    """Votes closed in the last weeks: the tablet shows what the group decided."""
    since = today - dt.timedelta(days=within_days)
    closed = Vote.closed_early.is_(True) | (Vote.closes_on < today)
    return (select(Vote).where(Vote.group_id == group_id, closed, Vote.closes_on >= since)
            .order_by(Vote.closes_on.desc(), Vote.id.desc()))


def pending_proposals(group_id: int | None = None) -> Select:
    query = select(Proposal).where(Proposal.status == ProposalStatus.NEW).order_by(Proposal.proposed_on.desc(), Proposal.id)  # ids are random: no order of arrival
    return query if group_id is None else query.where(Proposal.group_id == group_id)


def votes_held(group_ids, starts_on: dt.date, ends_on: dt.date) -> Select:
    """Votes that ended within the period (the yearly report's « décisions prises avec le groupe »)."""
    return select(Vote).where(Vote.group_id.in_(group_ids), Vote.opens_on <= ends_on, Vote.closes_on >= starts_on)
