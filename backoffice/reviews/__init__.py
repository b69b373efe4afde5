"""Contract reviews (bilans): the read-only list, recording or correcting a review, the self-rating chart."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.reviews.models import ContractReview

    from ..extensions import db
    from .contract_review import ContractReviewView
    from .views import ReviewView

    admin.add_view(ReviewView(ContractReview, db, name="Bilans"))
    admin.add_view(ContractReviewView(name="Bilan du contrat", endpoint="contract_review", url="/actions/review"))
