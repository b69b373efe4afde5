"""Browser protections, HTTPS behind a proxy, request limits and hostile input.

- every answer: a Content-Security-Policy (scripts from this site only, or inline blocks carrying
  the request's nonce; no framing), ``nosniff``, ``Referrer-Policy: same-origin``, and
  ``Cache-Control: no-store`` on everything but static files (Back after logout shows nothing);
- ``X-Forwarded-*`` trusted from ``PROXIES`` proxies in front (Werkzeug's ``ProxyFix``, 0 by default),
  and the session cookie ``Secure`` whenever the request came over HTTPS;
- a request body of at most ``MAX_CONTENT_LENGTH`` (1 MB): beyond, the French 413 page;
- a number in a path beyond the database's integers answers 404; a page number or a filter value
  too large for the database answers 400, never a 500.
"""

from __future__ import annotations

import logging
import secrets

from flask import Flask, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy.exc import DataError
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from shared.db import MAX_ID, number_from_text

log = logging.getLogger(__name__)

MAX_CONTENT_LENGTH = 1024 * 1024
MAX_PAGE = 1_000_000  # far past any list's last page
# Inline styles stay allowed: Flask-Admin's and our templates use style attributes, and a style
# cannot run code. Scripts are this site's files, or inline blocks that carry the request's nonce.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def csp_nonce() -> str:
    """The request's CSP nonce (Flask-Admin puts it on its script blocks: ``admin_csp_nonce_attribute``)."""
    if not has_request_context():
        return ""
    if "idmix_csp_nonce" not in g:
        g.idmix_csp_nonce = secrets.token_urlsafe(18)
    return g.idmix_csp_nonce


class DatabaseInteger(IntegerConverter):
    """``<int:…>`` in a route: a number the database can hold, else the route does not match (404)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is ``Secure`` whenever the request came over HTTPS (behind ``ProxyFix``)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (has_request_context() and request.is_secure)


def configure(app: Flask) -> None:
    """Before the views are registered: the route converter and the defaults of the settings."""
    app.url_map.converters["int"] = DatabaseInteger
    app.config.setdefault("MAX_CONTENT_LENGTH", MAX_CONTENT_LENGTH)
    app.config.setdefault("PROXIES", 0)
    app.session_interface = HttpsAwareSessionInterface()


def init_app(app: Flask) -> None:
    from .errors import render_error

    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
                                x_prefix=proxies)

    @app.context_processor
    def _nonce():
        from markupsafe import Markup

        return {"admin_csp_nonce_attribute": Markup(f'nonce="{csp_nonce()}"')}

    @app.before_request
    def _bounded_list_arguments():
        for name in ("page", "page_size"):
            value = request.args.get(name)
            number = number_from_text(value)
            if value is not None and (number is None or number > MAX_PAGE):
                return render_error(404)
        return None

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(nonce=csp_nonce()))
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.endpoint != "static" and not (request.endpoint or "").endswith(".static"):
            headers["Cache-Control"] = "no-store"
            headers.pop("Expires", None)
            headers.pop("ETag", None)
        return response

    def _out_of_range(error):
        from .extensions import db

        db.session.rollback()
        log.info("Valeur hors limites refusée (%s)", type(error).__name__)
        return render_error(400)

    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(DataError, _out_of_range)
