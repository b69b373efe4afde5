"""The yearly activity report for the funders and the evaluation of the action.

``REPORT_VIEWS()`` gives the Flask-Admin views to add (menu "Bilan d'activité").
"""

from __future__ import annotations

MENU = "Bilan d'activité"


def REPORT_VIEWS() -> list:  # noqa: N802 - a list builder, like views.registry.VIEWS
    from .reviews import ActionReviewView
    from .views import ReportView

    return [
        ReportView(name="Bilan d'activité", endpoint="activity_report", url="/report", category=MENU),
        ActionReviewView(name="Évaluation de l'action", endpoint="action_review", url="/report/reviews",
                         category=MENU),
    ]
