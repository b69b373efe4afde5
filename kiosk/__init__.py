"""The touchscreen kiosk: an enrolled tablet where participants sign in and give their opinion."""

from __future__ import annotations

import json
import os

from flask import Flask

import shared.models  # noqa: F401  (registers every model and the Participant.status_code column)
from shared import db as shared_db
from shared.kiosk import offline_seal
from shared.settings import private_secret_files, proxies, secret_key
from shared.static_versions import version_static_urls

from .extensions import babel, csrf, db

DEFAULTS = dict(
    SECRET_KEY=None,
    SQLALCHEMY_ENGINES=None,
    BABEL_DEFAULT_LOCALE="fr",
    BABEL_DEFAULT_TIMEZONE="Europe/Paris",
    SESSION_COOKIE_NAME="idmix_kiosk",
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Strict",
    SESSION_COOKIE_SECURE=False,  # True: always Secure; else Secure whenever the request came over HTTPS
    PROXIES=0,  # proxies in front whose X-Forwarded-* are trusted: IDMIX_PROXIES, as the back-office
    WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the kiosk's session cookie
    MAX_CONTENT_LENGTH=32 * 1024,
    # Kiosk settings (environment: IDMIX_KIOSK_<NAME>, e.g. IDMIX_KIOSK_IDLE_SECONDS=30).
    KIOSK_IDLE_SECONDS=20,  # without a touch, any screen returns home and forgets what was on it
    KIOSK_WELCOME_SECONDS=5,  # "Bienvenue, Fatima !" stays this long
    KIOSK_DEVICE_COOKIE="idmix_kiosk_device",
    KIOSK_DEVICE_COOKIE_SECURE=False,  # True: always Secure; else Secure whenever the request came over HTTPS
    KIOSK_DEVICE_COOKIE_DAYS=400,  # browsers cap cookies at 400 days; the home page renews it
    KIOSK_TILE_TABS_FROM=31,  # one grid fits a group of 30; from 31 people a letter bar jumps to a letter
    # « Écouter » without the browser's voice (kiosk/speech.py): the engine, the MP3 encoder (none: WAV), and
    # the folder of the fixed texts' audio (None: the instance folder's speech/).
    KIOSK_SPEECH_ENGINE="espeak-ng",
    KIOSK_SPEECH_ENCODER="lame",
    KIOSK_SPEECH_CACHE=None,
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS, PROXIES=proxies())
    app.config.update(from_environment())
    app.config.update(config or {})
    private_secret_files()  # key files 600, or no start (the reason in French)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secret_key()
    offline_seal.keys()  # the key pair that opens PINs typed offline: made at first start (600), read once
    app.config["SQLALCHEMY_ENGINES"] = shared_db.app_engines(app.config["SQLALCHEMY_ENGINES"])

    from .forms import DatabaseInteger

    app.url_map.converters["int"] = DatabaseInteger  # before the routes: every <int:…> is an id
    shared_db.init_app_db(app, db)
    babel.init_app(app, locale_selector=lambda: "fr", timezone_selector=lambda: "Europe/Paris")
    csrf.init_app(app)

    from . import cookies, device, errors, privacy, speech as speech_audio, transactions, views
    from .routes import checkin, decisions, discover, feedback, home, journey, offline_screens, speech, sync

    cookies.init_app(app)
    transactions.init_app(app)
    device.init_app(app)
    errors.init_app(app)
    privacy.init_app(app)
    views.init_app(app)
    speech_audio.load_fixed(app)  # the fixed texts' audio, read once: a tap opens no file
    version_static_urls(app)  # static addresses change with their content (nginx caches them a year)
    for blueprint in (device.bp, home.bp, checkin.bp, feedback.bp, decisions.bp, discover.bp, journey.bp, speech.bp,
                      sync.bp, offline_screens.bp):
        app.register_blueprint(blueprint)
    return app


def from_environment() -> dict:
    """``IDMIX_KIOSK_IDLE_SECONDS=30`` → ``KIOSK_IDLE_SECONDS``; ``IDMIX_KIOSK_SESSION_COOKIE_SECURE=true``..."""
    found = {}
    for key in DEFAULTS:
        name = "IDMIX_KIOSK_" + key.removeprefix("KIOSK_")
        if name in os.environ:
            found[key] = _loads(os.environ[name])
    return found


def _loads(value: str):
    try:
        return json.loads(value)
    except ValueError:
        return value
