"""The views added to the Admin, and the menu's top-level order, declared once (``backoffice.domains.MENU``)
rather than left to the order in which the domains add their views: Flask-Admin places a category where its
first view was added."""

from __future__ import annotations

from flask_admin import Admin


def order_menu(admin: Admin, names: tuple[str, ...]) -> None:
    """Sort the top-level entries (views and categories) by ``names``; entries not named keep their order, last.

    Follows Flask-Admin 2.2: ``Admin._menu`` is the list ``Admin.menu()`` returns (no public way to reorder it).
    """
    rank = {name: index for index, name in enumerate(names)}
    admin._menu.sort(key=lambda item: rank.get(str(item.name), len(names)))


def added_views(admin: Admin) -> list:
    """Every view added to ``admin``, in the order added (Flask-Admin 2.2 keeps them in ``Admin._views``)."""
    return list(admin._views)
