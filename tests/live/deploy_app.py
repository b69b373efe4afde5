"""Both apps as ``wsgi.app`` serves them (back-office at /admin, kiosk at /kiosk), for the deployment tests.

gunicorn calls ``tests.live.deploy_app:create_app('<database url>', '<secret key>')``. The other settings
(``IDMIX_PROXIES``...) come from the server's environment, as in production.
"""

from __future__ import annotations

import wsgi


def create_app(database_url: str, secret_key: str):
    config = {"SECRET_KEY": secret_key, "SQLALCHEMY_ENGINES": {"default": database_url}}
    return wsgi.build_app(dict(config), dict(config))
