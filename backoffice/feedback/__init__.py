"""What participants said (avis), for staff."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.feedback.models import Feedback

    from ..extensions import db
    from .views import FeedbackView

    admin.add_view(FeedbackView(Feedback, db, name="Avis"))
