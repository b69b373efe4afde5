"""Cookies that follow the app's root: mounted at /kiosk, they are scoped to /kiosk.

The kiosk's session cookie only carries the CSRF token; the device cookie carries the tablet's
random token (HttpOnly, SameSite=Strict, long-lived, renewed on the home screen). Both are ``Secure``
whenever the request came over HTTPS, as the back-office's: behind ``PROXIES`` proxies
(``IDMIX_PROXIES``, Werkzeug's ``ProxyFix``), their ``X-Forwarded-Proto`` says so; without, the header is
ignored. ``SESSION_COOKIE_SECURE`` and ``KIOSK_DEVICE_COOKIE_SECURE`` make them ``Secure`` always.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask, Response, current_app, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix


def app_root_path() -> str:
    """"/kiosk" when mounted there (matches /kiosk and /kiosk/..., not /kiosk-other), else "/"."""
    root = request.script_root.rstrip("/") if has_request_context() else ""
    return root or "/"


def over_https(setting: object) -> bool:
    """A cookie is ``Secure`` when its setting says always, or when this request came over HTTPS."""
    return bool(setting) or (has_request_context() and request.is_secure)


class RootScopedSessionInterface(SecureCookieSessionInterface):
    def get_cookie_path(self, app: Flask) -> str:
        return app.config.get("SESSION_COOKIE_PATH") or app_root_path()

    def get_cookie_secure(self, app: Flask) -> bool:
        return over_https(app.config["SESSION_COOKIE_SECURE"])


def set_device_cookie(response: Response, token: str) -> None:
    config = current_app.config
    response.set_cookie(
        config["KIOSK_DEVICE_COOKIE"],
        token,
        max_age=dt.timedelta(days=config["KIOSK_DEVICE_COOKIE_DAYS"]),
        path=app_root_path(),
        secure=over_https(config["KIOSK_DEVICE_COOKIE_SECURE"]),
        httponly=True,
        samesite="Strict",
    )


def device_token() -> str | None:
    return request.cookies.get(current_app.config["KIOSK_DEVICE_COOKIE"])


def init_app(app: Flask) -> None:
    app.session_interface = RootScopedSessionInterface()
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:  # the same trust as the back-office's (backoffice.security)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)
