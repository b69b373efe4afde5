"""Cookies that follow the app's root: mounted at /kiosk, they are scoped to /kiosk.

The kiosk's session cookie only carries the CSRF token; the device cookie carries the tablet's
random token (HttpOnly, SameSite=Strict, long-lived, renewed on the home screen).
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface


def app_root_path() -> str:
    """"/kiosk" when mounted there (matches /kiosk and /kiosk/..., not /kiosk-other), else "/"."""
    root = request.script_root.rstrip("/") if has_request_context() else ""
    return root or "/"


class RootScopedSessionInterface(SecureCookieSessionInterface):
    def get_cookie_path(self, app: Flask) -> str:
        return app.config.get("SESSION_COOKIE_PATH") or app_root_path()


def set_device_cookie(response: Response, token: str) -> None:
    config = current_app.config
    response.set_cookie(
        config["KIOSK_DEVICE_COOKIE"],
        token,
        max_age=dt.timedelta(days=config["KIOSK_DEVICE_COOKIE_DAYS"]),
        path=app_root_path(),
        secure=bool(config["KIOSK_DEVICE_COOKIE_SECURE"]),
        httponly=True,
        samesite="Strict",
    )


def device_token() -> str | None:
    return request.cookies.get(current_app.config["KIOSK_DEVICE_COOKIE"])


def init_app(app: Flask) -> None:
    app.session_interface = RootScopedSessionInterface()
