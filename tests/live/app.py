"""The back-office as the live tests serve it under gunicorn: the production app, cheap hashing.

gunicorn calls ``tests.live.app:create_app('<database url>', '<secret key>')`` in each worker.
CSRF stays on and TESTING off, as in production.
"""

from __future__ import annotations

from flask import Flask

import backoffice
from shared.kiosk import pins
from shared.staff import passwords
from tests.conftest import CHEAP_HASHER


def create_app(database_url: str, secret_key: str) -> Flask:
    passwords.use_hasher(CHEAP_HASHER)
    pins.use_hasher(CHEAP_HASHER)
    return backoffice.create_app({"SECRET_KEY": secret_key, "SQLALCHEMY_ENGINES": {"default": database_url}})
