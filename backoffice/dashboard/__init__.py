"""The admin home (tableau de bord): what needs action today. It is Flask-Admin's index view, given to
``Admin(index_view=...)`` by ``create_app``; nothing else to register."""

from __future__ import annotations


def index_view():
    from .views import DashboardView

    return DashboardView(name="Tableau de bord", url="/", endpoint="admin")


def register(admin, app) -> None:
    """The index view is already Admin's own (``index_view``)."""
