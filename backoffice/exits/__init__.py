"""Exits (sorties) and the exit plan prepared ahead (projet de sortie)."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.exits.models import Exit

    from ..extensions import db
    from .plans import ExitPlanView
    from .views import ExitView

    admin.add_view(ExitView(Exit, db, name="Sorties", category="Personnes"))
    admin.add_view(ExitPlanView(name="Projet de sortie", endpoint="exit_plan", url="/actions/exit-plan"))
