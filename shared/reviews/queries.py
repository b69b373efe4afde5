"""Named review queries: a contract's reviews, a person's self-ratings over time."""

from __future__ import annotations

from sqlalchemy import Select, select

from shared.contracts.models import Contract
from shared.reviews.models import ContractReview, SelfRating


def reviews_of_contract(contract_id: int) -> Select:
    return select(ContractReview).where(ContractReview.contract_id == contract_id).order_by(ContractReview.held_on)


def self_rating_history(participant_id: int) -> Select:
    """Rows (held_on, kind, contract_id, area, rating), oldest first: the person's chart, one line per area."""
    return (
        select(ContractReview.held_on, ContractReview.kind, ContractReview.contract_id, SelfRating.area,
               SelfRating.rating)
        .join(SelfRating, SelfRating.review_id == ContractReview.id)
        .join(Contract, Contract.id == ContractReview.contract_id)
        .where(Contract.participant_id == participant_id)
        .order_by(ContractReview.held_on, ContractReview.id, SelfRating.area)
    )
