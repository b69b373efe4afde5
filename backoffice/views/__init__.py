"""Registers every back-office view on the Admin instance."""

from __future__ import annotations

from flask_admin import Admin


def register_views(admin: Admin) -> None:
    from .registry import VIEWS

    for view in VIEWS():
        admin.add_view(view)
