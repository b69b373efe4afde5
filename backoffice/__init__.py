"""The staff back-office: Flask-Admin views over every record, scoped by role."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

import shared.models  # noqa: F401  (registers every model)
from shared import db as shared_db
from shared.dates import fr, fr_at, fr_long, fr_time
from shared.settings import private_secret_files, proxies, secret_key
from shared.static_versions import version_static_urls

from . import core, security
from .core import translations
from .extensions import babel, csrf, db, login_manager
from .form_input import CleanRequest


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.request_class = CleanRequest  # no control characters in what staff post
    app.config.update(
        SECRET_KEY=None,
        SQLALCHEMY_ENGINES=None,
        BABEL_DEFAULT_LOCALE="fr",
        BABEL_DEFAULT_TIMEZONE="Europe/Paris",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="idmix_staff",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=security.MAX_CONTENT_LENGTH,
        PROXIES=proxies(),  # IDMIX_PROXIES: how many proxies in front set X-Forwarded-* (the kiosk reads it too)
        IDLE_TIMEOUT=30,  # IDMIX_BACKOFFICE_IDLE_TIMEOUT: minutes without a request before the session ends
    )
    app.config.from_prefixed_env("IDMIX_BACKOFFICE")
    app.config.update(config or {})
    private_secret_files()  # key files 600, or no start (the reason in French)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key()
    app.config["SQLALCHEMY_ENGINES"] = shared_db.app_engines(app.config["SQLALCHEMY_ENGINES"])
    security.configure(app)

    shared_db.init_app_db(app, db)
    babel.init_app(app, locale_selector=_select_locale)
    translations.install()  # our French over Flask-Admin's
    login_manager.init_app(app)
    csrf.init_app(app)

    from . import (account, actor, auth, dashboard, errors, password_reset, request_log, session_limits, sso,
                   storage_notice, transactions)
    from .domains import register_domains

    session_limits.init_app(app)  # before anything reads the account: 8 hours at most, idle timeout
    account.init_app(app)  # then a temporary password must be replaced before any page opens

    transactions.init_app(app)
    actor.init_app(app)  # audit trail: recorder on our sessions, actor id per request
    errors.init_app(app)
    security.init_app(app)  # headers, HTTPS behind a proxy, limits, hostile input
    request_log.init_app(app)
    storage_notice.init_app(app)  # SQLite: the log of anonymous writes could not be emptied
    version_static_urls(app)  # static addresses change with their content (nginx caches them a year)
    app.jinja_env.globals.update(fr=fr, fr_long=fr_long, fr_time=fr_time, fr_at=fr_at)  # every date a page writes
    app.register_blueprint(auth.bp)
    app.register_blueprint(password_reset.bp)  # a reset link sent by an admin: public, by its one-time token
    sso.init_app(app)  # sign-in through the department's OpenID provider (IDMIX_OIDC_*), if set

    core.init_app(app)  # before Admin: our copies of Flask-Admin's templates come first
    admin = Admin(
        app,
        name="ID'MIX",
        url="/",
        index_view=dashboard.index_view(),
        theme=Bootstrap4Theme(swatch="flatly", fluid=True),
        translations_path=None,
        csp_nonce_generator=security.csp_nonce,
    )
    with app.app_context():
        register_domains(admin, app)
    return app


def _select_locale() -> str:
    """French whatever the browser's language: the labels and the help are written in French only."""
    return "fr"
