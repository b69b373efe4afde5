"""Decisions of the groups: proposals from the tablet, votes, adoption."""

from __future__ import annotations


def register(admin, app) -> None:
    from .views import DecisionView

    admin.add_view(DecisionView(name="Décisions", endpoint="decisions", url="/decisions"))
