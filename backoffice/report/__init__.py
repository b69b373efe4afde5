"""The yearly activity report for the funders and the evaluation of the action (menu « Bilan d'activité »)."""

from __future__ import annotations

MENU = "Bilan d'activité"


def register(admin, app) -> None:
    from .reviews import ActionReviewView
    from .views import ReportView

    admin.add_view(ReportView(name="Bilan d'activité", endpoint="activity_report", url="/report", category=MENU))
    admin.add_view(ActionReviewView(name="Évaluation de l'action", endpoint="action_review", url="/report/reviews",
                                    category=MENU))
