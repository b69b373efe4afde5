"""The back-office under gunicorn with the production password hasher, for the answer-time test.

gunicorn calls ``tests.live.security_app:create_app('<database url>', '<secret key>')``.
"""

from __future__ import annotations

from flask import Flask

import backoffice
from shared.staff import passwords


def create_app(database_url: str, secret_key: str) -> Flask:
    passwords.use_hasher(passwords.PRODUCTION_HASHER)
    return backoffice.create_app({"SECRET_KEY": secret_key, "SQLALCHEMY_ENGINES": {"default": database_url}})
