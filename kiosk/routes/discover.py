"""Discover the group: a visitor types a first name; staff link the visit to a person later."""

from __future__ import annotations

from flask import Blueprint, render_template

from shared import clock
from shared.kiosk.errors import WalkInError
from shared.kiosk.walk_ins import MAX_FIRST_NAME, record_walk_in

from .. import screens
from ..extensions import db
from ..forms import field
from ..transactions import SAVE_FAILED, on_save_failure

bp = Blueprint("discover", __name__, url_prefix="/decouvrir")


@bp.get("")
def form():
    if screens.open_session_or_none() is None:
        return screens.no_session_screen("discover")
    return render_template("discover/form.html", first_name="", error=None, max_length=MAX_FIRST_NAME)


@bp.post("")
def record():
    first_name = field("first_name", MAX_FIRST_NAME * 2)
    session = screens.open_session_or_none()
    if session is None:
        return screens.no_session_screen("discover")
    on_save_failure(lambda: render_template("discover/form.html", first_name=first_name[:MAX_FIRST_NAME],
                                            error=SAVE_FAILED, max_length=MAX_FIRST_NAME))
    try:
        walk_in = record_walk_in(db.session, session=session, first_name=first_name, now=clock.now())
    except WalkInError as refusal:
        return render_template("discover/form.html", first_name=first_name[:MAX_FIRST_NAME], error=refusal.message,
                               max_length=MAX_FIRST_NAME), 400
    return render_template("discover/welcome.html", first_name=walk_in.first_name)
