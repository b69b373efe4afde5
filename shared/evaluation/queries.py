"""Named queries for the reviews of the action."""

from __future__ import annotations

from sqlalchemy import Select, and_, select

from shared.evaluation.models import ActionReview


def action_reviews(group_id: int | None = None) -> Select:
    """Newest period first."""
    query = select(ActionReview)
    if group_id is not None:
        query = query.where(ActionReview.group_id == group_id)
    return query.order_by(ActionReview.period_to.desc(), ActionReview.group_id)


def of_period(group_id, period_from, period_to):
    """The condition for a group's evaluation of exactly this period (``group_id`` may be a column)."""
    return and_(ActionReview.group_id == group_id, ActionReview.period_from == period_from,
                ActionReview.period_to == period_to)


def review_of_period(group_id: int, period_from, period_to) -> Select:
    """The group's evaluation of the action written for exactly this period (at most one)."""
    return select(ActionReview).where(of_period(group_id, period_from, period_to))
