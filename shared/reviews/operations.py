"""Recording a contract review. Operations flush, never commit."""

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
            f"Ce contrat a déjà un {kind.label.lower()} (le {fr(existing.held_on)}) : modifiez-le plutôt.",
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
        positions=[
            ObjectivePosition(objective_id=p.objective_id, status=p.status, comment=(p.comment or "").strip() or None)
            for p in positions
        ],
        self_ratings=[SelfRating(area=area, rating=rating) for area, rating in self_ratings.items()],
    )
    db.add(review)
    objectives = {objective.id: objective for objective in contract.objectives}
    for position in positions:
        objectives[position.objective_id].status = position.status
    db.flush()
    return review


@operation
def delete_review(db: DbSession, review: ContractReview, *, actor: StaffMember | None = None) -> None:
    """Delete a review recorded by mistake, with its positions and self-ratings, each row through the ORM
    so that the audit trail records it. The objectives keep the progress it gave them."""
    for row in (*review.positions, *review.self_ratings):
        db.delete(row)
    db.delete(review)
