"""The review rules, once: proposed dates, the review window, one review of each kind,
one position per objective, self-ratings 1–4 on known life areas.

Each check raises ``ReviewError`` with a French message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from shared.contracts.models import Contract, ObjectiveStatus
from shared.dates import fr
from shared.errors import DomainError
from shared.reviews.models import MAX_POSITION_COMMENT, RATING_MAX, RATING_MIN, LifeArea, ReviewKind

FINAL_REVIEW_DAYS_BEFORE_END = 30
FINAL_REVIEW_GRACE_DAYS = 30  # a final review may take place up to 30 days after the contract's end


class ReviewError(DomainError):
    """A contract review breaks a rule (dates, kind, objectives, self-ratings)."""


@dataclass(frozen=True)
class ProposedReviewDates:
    mid_term: dt.date
    final: dt.date


@dataclass(frozen=True)
class PositionDraft:
    """Where the person stands on one objective (by id), with a short comment."""

    objective_id: int
    status: ObjectiveStatus
    comment: str | None = None


def proposed_review_dates(contract: Contract) -> ProposedReviewDates:
    """Mid-term: the middle of the contract. Final: 30 days before its last day (not before the start)."""
    last_day = contract.last_day
    middle = contract.starts_on + (last_day - contract.starts_on) / 2
    final = max(contract.starts_on, last_day - dt.timedelta(days=FINAL_REVIEW_DAYS_BEFORE_END))
    return ProposedReviewDates(mid_term=middle, final=final)


def check_contract_reviewable(contract: Contract) -> None:
    if contract is None:
        raise ReviewError("Choisissez le contrat dont vous faites le bilan.", field="contract")
    if not contract.is_signed:
        raise ReviewError(
            "Ce contrat n'est pas encore signé par les trois parties : on ne fait le bilan que d'un contrat signé.",
            field="contract",
        )


def check_review_date(contract: Contract, kind: ReviewKind, held_on: dt.date | None, today: dt.date) -> None:
    if not isinstance(kind, ReviewKind):
        raise ReviewError("Choisissez le type de bilan : à mi-parcours ou final.", field="kind")
    if held_on is None:
        raise ReviewError("Indiquez la date du bilan.", field="held_on")
    if held_on > today:
        raise ReviewError(f"La date du bilan ({fr(held_on)}) ne peut pas être dans le futur.", field="held_on")
    latest = contract.last_day
    if kind is ReviewKind.FINAL:
        latest = latest + dt.timedelta(days=FINAL_REVIEW_GRACE_DAYS)
    if held_on < contract.starts_on or held_on > latest:
        grace = f" (un bilan final peut avoir lieu jusqu'à {FINAL_REVIEW_GRACE_DAYS} jours après la fin)" \
            if kind is ReviewKind.FINAL else ""
        raise ReviewError(
            f"Le bilan doit avoir lieu pendant le contrat, du {fr(contract.starts_on)} au {fr(latest)}{grace}.",
            field="held_on",
        )


def check_positions(contract: Contract, positions: Iterable[PositionDraft]) -> None:
    """Each position is about an objective of this contract, at most once, with a known status."""
    own = {objective.id for objective in contract.objectives}
    seen: set[int] = set()
    for position in positions:
        if position.objective_id not in own:
            raise ReviewError("Cet objectif n'appartient pas à ce contrat.", field="positions")
        if position.objective_id in seen:
            raise ReviewError("Chaque objectif ne reçoit qu'une position par bilan.", field="positions")
        seen.add(position.objective_id)
        if not isinstance(position.status, ObjectiveStatus):
            raise ReviewError(
                "Indiquez où en est l'objectif : à commencer, en cours, atteint ou abandonné.", field="positions"
            )
        if position.comment and len(position.comment.strip()) > MAX_POSITION_COMMENT:
            raise ReviewError(
                f"Le commentaire d'un objectif fait au plus {MAX_POSITION_COMMENT} caractères.", field="positions"
            )


def check_self_ratings(ratings: Mapping[LifeArea, int]) -> None:
    for area, rating in ratings.items():
        if not isinstance(area, LifeArea):
            raise ReviewError(f"« {area} » n'est pas un des domaines de l'auto-évaluation.", field="self_ratings")
        if isinstance(rating, bool) or not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
            raise ReviewError(
                f"« {area.label} » : la réponse va de {RATING_MIN} à {RATING_MAX}.", field="self_ratings"
            )
