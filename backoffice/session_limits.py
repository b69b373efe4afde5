"""Sessions that really end: 8 hours after the sign-in whatever happens, and after a quiet period.

The session keeps the time of the sign-in and of the last request. Every request checks both
before anything else reads the account: past ``MAX_SESSION`` from the sign-in, or past
``IDLE_TIMEOUT`` minutes (a setting, 30 by default: ``IDMIX_BACKOFFICE_IDLE_TIMEOUT``) without a
request, the session is emptied and the page asks to sign in again (then comes back, see
``static/security/idle.js`` which keeps what a form held). Nothing a page posts moves the sign-in
time: renewing the cookie (a flashed message, any change) no longer stretches the session.

``/session/status`` tells the page how long is left without counting as activity; ``/session/keepalive``
(the « Rester connecté » button of the warning) counts as activity.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Flask, current_app, flash, jsonify, request, session
from flask_login import current_user, logout_user

from shared import clock

MAX_SESSION = dt.timedelta(hours=8)
DEFAULT_IDLE_MINUTES = 30
WARNING_SECONDS = 120  # the page warns this long before the idle timeout
SIGNED_IN_AT = "idmix_signed_in_at"
SEEN_AT = "idmix_seen_at"
EXPIRED = "Votre session a pris fin (inactivité ou plus de 8 heures depuis la connexion) : reconnectez-vous."

bp = Blueprint("session_limits", __name__)
QUIET_ENDPOINTS = frozenset({"session_limits.status"})  # asking how long is left is not activity


def idle_timeout() -> dt.timedelta:
    minutes = current_app.config.get("IDLE_TIMEOUT") or DEFAULT_IDLE_MINUTES
    return dt.timedelta(minutes=max(1.0, float(minutes)))


def start() -> None:
    """At sign-in: the moment every later request is measured from."""
    now = clock.now().timestamp()
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def seconds_left() -> int:
    """Until the session ends, by inactivity or by its 8 hours (0 when not signed in)."""
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not _is_number(signed_in_at) or not _is_number(seen_at):
        return 0
    now = clock.now().timestamp()
    ends = min(signed_in_at + MAX_SESSION.total_seconds(), seen_at + idle_timeout().total_seconds())
    return max(0, int(ends - now))


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_session():
    if "_user_id" not in session or request.endpoint == "static" or (request.endpoint or "").endswith(".static"):
        return  # static files: cacheable answers never carry a cookie
    if not seconds_left():
        logout_user()
        session.clear()  # signed out: the next access check sends to the sign-in page
        flash(EXPIRED, "info")
        return
    if request.endpoint not in QUIET_ENDPOINTS:
        session[SEEN_AT] = clock.now().timestamp()


@bp.route("/session/status")
def status():
    return jsonify(seconds_left=seconds_left() if current_user.is_authenticated else 0)


@bp.route("/session/keepalive", methods=["POST"])
def keepalive():
    """The warning's « Rester connecté » button: a request like any other, so the idle time restarts."""
    return jsonify(seconds_left=seconds_left() if current_user.is_authenticated else 0)


def init_app(app: Flask) -> None:
    app.config.setdefault("IDLE_TIMEOUT", DEFAULT_IDLE_MINUTES)
    app.before_request(_check_session)
    app.register_blueprint(bp)

    @app.context_processor
    def _session_settings():
        return {"idmix_idle_seconds": int(idle_timeout().total_seconds()), "idmix_warning_seconds": WARNING_SECONDS,
                "idmix_seconds_left": seconds_left}
