"""Reading the kiosk's small forms: bounded text fields and ids, never trusting the tablet."""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

from shared.db import MAX_ID, id_from_text
from shared.text import strip_control_characters


def field(name: str, max_length: int) -> str:
    """A text field, stripped; a value longer than the screen allows is cut (never a 500)."""
    value = request.form.get(name, "")
    return strip_control_characters(value).strip()[:max_length] if isinstance(value, str) else ""


def raw_field(name: str) -> str:
    value = request.form.get(name, "")
    return strip_control_characters(value) if isinstance(value, str) else ""


def id_field(name: str) -> int:
    """A database id posted by a tile; anything else is a calm 400 screen."""
    number = id_from_text(request.form.get(name, ""))
    if number is None:
        abort(400, description="Choisissez une personne dans la liste.")
    return number


class DatabaseInteger(IntegerConverter):
    """``<int:…>`` in a route: an id a row could have (1 to ``MAX_ID``), else the route does not match (404)
    instead of the database refusing the number (a 500). As the back-office's ``DatabaseInteger``."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
