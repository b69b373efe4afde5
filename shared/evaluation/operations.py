"""Writing the review of the action. Operations flush, never commit.

The figures shown beside the text come from ``shared.reports.figures.activity_report`` for the
same group and period.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.dates import fr
from shared.evaluation.models import ActionReview
from shared.evaluation.queries import review_of_period
from shared.evaluation.rules import MAX_REVIEW_TEXT, ActionReviewError, check_period, check_something_written
from shared.groups.models import Group
from shared.staff.models import StaffMember
from shared.text import clean_text
from shared.writes import operation

TEXT_FIELDS = {"strengths": "les points forts", "weaknesses": "les points faibles",
               "new_strategies": "les nouvelles stratégies", "social_ties": "la création de liens sociaux",
               "valuing_people": "la valorisation des personnes"}


def clean_texts(texts: dict[str, str | None]) -> dict[str, str | None]:
    """Each section cleaned and within its length; at least one written."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ActionReviewError(f"Champ inconnu : {', '.join(sorted(unknown))}.")
    cleaned = {name: clean_text(value, limit=MAX_REVIEW_TEXT, field=name, label=TEXT_FIELDS[name])
               for name, value in texts.items()}
    check_something_written(cleaned)
    return cleaned


@operation
def write_action_review(
    db: DbSession,
    *,
    group: Group,
    period_from: dt.date,
    period_to: dt.date,
    strengths: str | None = None,
    weaknesses: str | None = None,
    new_strategies: str | None = None,
    social_ties: str | None = None,
    valuing_people: str | None = None,
    actor: StaffMember | None = None,
) -> ActionReview:
    """The review of a group's action for a period; a second one for the same period is refused."""
    if group is None:
        raise ActionReviewError("Choisissez le groupe dont vous évaluez l'action.", field="group")
    check_period(period_from, period_to)
    texts = clean_texts(dict(strengths=strengths, weaknesses=weaknesses, new_strategies=new_strategies,
                             social_ties=social_ties, valuing_people=valuing_people))
    with db.no_autoflush:
        existing = db.scalars(review_of_period(group.id, period_from, period_to)).first()
    if existing is not None:
        raise ActionReviewError(
            f"L'action de ce groupe a déjà une évaluation du {fr(period_from)} au {fr(period_to)} : "
            "modifiez-la plutôt.",
            field="period_from",
        )
    review = ActionReview(
        group_id=group.id, period_from=period_from, period_to=period_to, **texts,
        written_by_id=actor.id if actor is not None else None, updated_at=clock.now(),
    )
    db.add(review)
    db.flush()
    return review


@operation
def update_action_review(
    db: DbSession, review: ActionReview, *, actor: StaffMember | None = None, **texts: str | None
) -> ActionReview:
    """Change the texts (strengths, weaknesses, new_strategies, social_ties, valuing_people); the sections
    not given keep their text, and the review never ends up empty."""
    cleaned = clean_texts({name: texts.get(name, getattr(review, name)) for name in TEXT_FIELDS} | texts)
    for field, value in cleaned.items():
        setattr(review, field, value)
    if actor is not None:
        review.written_by_id = actor.id
    review.updated_at = clock.now()
    db.flush()
    return review
