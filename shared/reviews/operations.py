"""Recording, correcting and deleting a contract review. Operations flush, never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.dates import fr
from shared.reviews.models import ContractReview, LifeArea, ObjectivePosition, ReviewKind, SelfRating
from shared.reviews.rules import (
    PositionDraft,
    ReviewError,
    check_contract_reviewable,
    check_positions,
    check_review_date,
    check_self_ratings,
)
from shared.staff.models import StaffMember
from shared.text import TEXT, clean_text
from shared.writes import operation


@operation
def record_review(
    db: DbSession,
    contract: Contract,
    *,
    kind: ReviewKind,
    held_on: dt.date,
    positions: Iterable[PositionDraft] = (),
    participant_took_part: bool = False,
    facilitator_took_part: bool = False,
    referrer_took_part: bool = False,
    next_steps: str | None = None,
    self_ratings: Mapping[LifeArea, int] | None = None,
    actor: StaffMember | None = None,
    today: dt.date | None = None,
) -> ContractReview:
    """Record the mid-term or final review of a signed contract.

    Each objective's status is set to the position recorded here, so that the contract (and the
    yearly report) show the latest known outcome. Raise ``ReviewError`` when a rule is broken.
    """
    today = today or clock.today()
    positions = list(positions)
    self_ratings = dict(self_ratings or {})
    check_contract_reviewable(contract)
    check_review_date(contract, kind, held_on, today)
    with db.no_autoflush:
        existing = db.scalars(
            select(ContractReview).where(ContractReview.contract_id == contract.id, ContractReview.kind == kind)
        ).first()
    if existing is not None:
        raise ReviewError(
            f"Ce contrat a déjà un {kind.label.lower()} (le {fr(existing.held_on)}) : corrigez-le plutôt.",
            field="kind",
        )
    check_positions(contract, positions)
    check_self_ratings(self_ratings)
    review = ContractReview(
        contract_id=contract.id,
        kind=kind,
        held_on=held_on,
        participant_took_part=bool(participant_took_part),
        facilitator_took_part=bool(facilitator_took_part),
        referrer_took_part=bool(referrer_took_part),
        next_steps=clean_text(next_steps, limit=TEXT, field="next_steps", label="ce qui change ensuite"),
        written_by_id=actor.id if actor is not None else None,
        positions=[ObjectivePosition(objective_id=p.objective_id, status=p.status, comment=_comment(p))
                   for p in positions],
        self_ratings=[SelfRating(area=area, rating=rating) for area, rating in self_ratings.items()],
    )
    db.add(review)
    objectives = {objective.id: objective for objective in contract.objectives}
    for position in positions:
        objectives[position.objective_id].status = position.status
    db.flush()
    return review


@operation
def correct_review(
    db: DbSession,
    review: ContractReview,
    *,
    held_on: dt.date,
    positions: Iterable[PositionDraft] = (),
    participant_took_part: bool = False,
    facilitator_took_part: bool = False,
    referrer_took_part: bool = False,
    next_steps: str | None = None,
    self_ratings: Mapping[LifeArea, int] | None = None,
    actor: StaffMember | None = None,
    today: dt.date | None = None,
) -> ContractReview:
    """Correct a recorded review: the same rules as ``record_review``, for the review's own kind.

    The review becomes what is given: changed position and self-rating rows are updated in place,
    new ones added, missing ones deleted, each row through the ORM so that the audit trail records
    it (with the actor of the request). ``written_by`` stays the one who recorded the review.
    Each objective's status follows its corrected position unless a later review (the final one,
    for a mid-term review) gave it a position of its own; an objective whose position is removed
    keeps its status. Raise ``ReviewError`` when a rule is broken, before anything is changed.
    """
    today = today or clock.today()
    positions = list(positions)
    self_ratings = dict(self_ratings or {})
    contract = review.contract
    check_contract_reviewable(contract)
    check_review_date(contract, review.kind, held_on, today)
    check_positions(contract, positions)
    check_self_ratings(self_ratings)
    cleaned_next_steps = clean_text(next_steps, limit=TEXT, field="next_steps", label="ce qui change ensuite")
    decided_later = _objectives_positioned_after(db, review)

    review.held_on = held_on
    review.participant_took_part = bool(participant_took_part)
    review.facilitator_took_part = bool(facilitator_took_part)
    review.referrer_took_part = bool(referrer_took_part)
    review.next_steps = cleaned_next_steps

    recorded = {row.objective_id: row for row in review.positions}
    for draft in positions:
        row = recorded.pop(draft.objective_id, None)
        if row is None:
            review.positions.append(ObjectivePosition(objective_id=draft.objective_id, status=draft.status,
                                                      comment=_comment(draft)))
        else:
            row.status, row.comment = draft.status, _comment(draft)
    rated = {row.area: row for row in review.self_ratings}
    for area, rating in self_ratings.items():
        row = rated.pop(area, None)
        if row is None:
            review.self_ratings.append(SelfRating(area=area, rating=rating))
        else:
            row.rating = rating
    for row in (*recorded.values(), *rated.values()):
        db.delete(row)
    review.positions = [row for row in review.positions if row not in recorded.values()]
    review.self_ratings = [row for row in review.self_ratings if row not in rated.values()]

    objectives = {objective.id: objective for objective in contract.objectives}
    for draft in positions:
        if draft.objective_id not in decided_later:
            objectives[draft.objective_id].status = draft.status
    return review


def _objectives_positioned_after(db: DbSession, review: ContractReview) -> set[int]:
    """The objectives a later review of the same contract (by kind: the final after the mid-term) positions."""
    kinds = list(ReviewKind)
    later = kinds[kinds.index(review.kind) + 1:]
    if not later:
        return set()
    with db.no_autoflush:
        return set(db.scalars(
            select(ObjectivePosition.objective_id)
            .join(ContractReview, ContractReview.id == ObjectivePosition.review_id)
            .where(ContractReview.contract_id == review.contract_id, ContractReview.kind.in_(later))
        ))


def _comment(draft: PositionDraft) -> str | None:
    return (draft.comment or "").strip() or None


@operation
def delete_review(db: DbSession, review: ContractReview, *, actor: StaffMember | None = None) -> None:
    """Delete a review recorded by mistake, with its positions and self-ratings, each row through the ORM
    so that the audit trail records it. The objectives keep the progress it gave them."""
    for row in (*review.positions, *review.self_ratings):
        db.delete(row)
    db.delete(review)
