"""Named queries for the reviews of the action."""

from __future__ import annotations

from sqlalchemy import Select, select

from shared.evaluation.models import ActionReview


def action_reviews(group_id: int | None = None) -> Select:
    """Newest period first."""
    query = select(ActionReview)
    if group_id is not None:
        query = query.where(ActionReview.group_id == group_id)
    return query.order_by(ActionReview.period_to.desc(), ActionReview.group_id)
