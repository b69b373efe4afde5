"""The staff back-office: Flask-Admin views over every record, scoped by role."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

import shared.models  # noqa: F401  (registers every model)
from shared import db as shared_db
from shared.settings import private_secret_files, proxies, secret_key
from shared.static_versions import version_static_urls

from . import translations
from . import security
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

    from . import (account, actor, auth, errors, imports, messages_public, password_reset, request_log,
                   session_limits, sso, storage_notice, transactions)

    session_limits.init_app(app)  # before anything reads the account: 8 hours at most, idle timeout
    account.init_app(app)  # then a temporary password must be replaced before any page opens

    transactions.init_app(app)
    actor.init_app(app)  # audit trail: recorder on our sessions, actor id per request
    errors.init_app(app)
    security.init_app(app)  # headers, HTTPS behind a proxy, limits, hostile input
    request_log.init_app(app)
    storage_notice.init_app(app)  # SQLite: the log of anonymous writes could not be emptied
    version_static_urls(app)  # static addresses change with their content (nginx caches them a year)
    app.register_blueprint(auth.bp)
    app.register_blueprint(password_reset.bp)  # a reset link sent by an admin: public, by its one-time token
    sso.init_app(app)  # sign-in through the department's OpenID provider (IDMIX_OIDC_*), if set
    app.register_blueprint(messages_public.bp)  # unsubscribe link, SMS « STOP »: public, by token
    imports.init_app(app)  # the import page: its templates, its larger upload

    admin = Admin(
        app,
        name="ID'MIX",
        url="/",
        index_view=_index_view(),
        theme=Bootstrap4Theme(swatch="flatly", fluid=True),
        translations_path=None,
        csp_nonce_generator=security.csp_nonce,
    )
    with app.app_context():
        from .views import register_views

        register_views(admin)
    return app


def _index_view():
    from .views.dashboard import DashboardView

    return DashboardView(name="Tableau de bord", url="/", endpoint="admin")


def _select_locale() -> str:
    """French whatever the browser's language: the labels and the help are written in French only."""
    return "fr"
