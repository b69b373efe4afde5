"""Action review rules: a period whose end is after its start, one review per group and period."""

from __future__ import annotations

import datetime as dt

from shared.dates import fr
from shared.errors import DomainError


class ActionReviewError(DomainError):
    """A review of the action cannot be recorded as asked."""


def check_period(period_from: dt.date | None, period_to: dt.date | None) -> None:
    if period_from is None:
        raise ActionReviewError("Indiquez le début de la période évaluée.", field="period_from")
    if period_to is None:
        raise ActionReviewError("Indiquez la fin de la période évaluée.", field="period_to")
    if period_to <= period_from:
        raise ActionReviewError(
            f"La fin de la période ({fr(period_to)}) doit être après son début ({fr(period_from)}).",
            field="period_to",
        )


MAX_REVIEW_TEXT = 8000  # a yearly evaluation's section: a page or two, longer than a contract's paragraphs


def check_something_written(texts: dict[str, str | None]) -> None:
    """An evaluation says something: at least one of its sections is written."""
    if not any(texts.values()):
        raise ActionReviewError(
            "Une évaluation vide n'est pas enregistrée : écrivez au moins une rubrique (points forts, points "
            "faibles, nouvelles stratégies, liens sociaux ou valorisation des personnes).",
            field="strengths",
        )
