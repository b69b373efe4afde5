"""The production stack (tests/deploy/stack.py) for a test module: nginx in front of the app servers of the run's
database: two on PostgreSQL, one on SQLite (a single centre's embedded default)."""

from __future__ import annotations

import contextlib
import os

import pytest

from bench.concurrency import seed
from tests.databases import fresh_database

from .stack import app_server, nginx

POSTGRESQL = os.environ.get("IDMIX_TEST_DATABASE_URL", "").startswith("postgresql")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stack")
    instance = folder / "instance"  # one instance folder: both servers read the same keys, as copied in production
    with fresh_database(folder, "nginx") as url:
        with app_server(url, instance, folder / "app-1.log") as first:
            servers = [first]
            with (app_server(url, instance, folder / "app-2.log") if POSTGRESQL else contextlib.nullcontext()) as second:
                servers += [second] if second else []
                with nginx(folder / "nginx", [server.address for server in servers]) as proxy:
                    previous = os.environ.get("SSL_CERT_FILE")
                    os.environ["SSL_CERT_FILE"] = str(proxy.folder / "cert.pem")  # urllib trusts the test's certificate
                    try:
                        yield {"url": url, "nginx": proxy, "servers": servers, "scene": seed(url, people=60, tablets=5)}
                    finally:
                        if previous is None:
                            os.environ.pop("SSL_CERT_FILE", None)
                        else:
                            os.environ["SSL_CERT_FILE"] = previous

