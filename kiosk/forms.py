"""Reading the kiosk's small forms: bounded text fields and ids, never trusting the tablet."""

from __future__ import annotations

from flask import abort, request

from shared.db import MAX_ID
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
    value = request.form.get(name, "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 12 or int(value) > MAX_ID:
        abort(400, description="Choisissez une personne dans la liste.")
    return int(value)
