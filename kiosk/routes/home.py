"""Home: today's session of the tablet's group (or the next one) and the three big buttons."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template

from shared.attestations.tablet import journey_on_tablet

from .. import screens
from ..cookies import device_token, set_device_cookie

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    session = screens.today_session()
    upcoming = None if session is not None and not session.cancelled else screens.upcoming_session()
    response = make_response(
        render_template(
            "home.html", session=session, upcoming=upcoming, pictogram=screens.pictogram(session or upcoming),
            journey_offered=journey_on_tablet(screens.device().group),
        )
    )
    set_device_cookie(response, device_token())  # renew the long-lived cookie
    return response
