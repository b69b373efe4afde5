"""Static file addresses that change with their content: ``kiosk.css?v=<hash>``.

nginx (deploy/nginx-idmix.conf) then lets browsers keep a versioned file a year, and a new release's files
have new addresses. Each app calls ``version_static_urls(app)``; ``url_for('static', ...)`` and Flask-Admin's
``admin.static`` get the ``v`` of the file's content (read once per process: files change only with a
release, which restarts the servers).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path


@functools.cache
def content_version(folder: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None when ``filename`` is not a file of ``folder``."""
    root = Path(folder).resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def version_static_urls(app) -> None:
    """Give every static address of ``app`` (a Flask app; its blueprints' too) the ``v`` of its content."""

    def add_version(endpoint: str | None, values: dict) -> None:
        if not endpoint or not (endpoint == "static" or endpoint.endswith(".static")) or "v" in values:
            return
        owner = app if endpoint == "static" else app.blueprints.get(endpoint.rsplit(".", 1)[0])
        folder = getattr(owner, "static_folder", None)
        if folder and values.get("filename"):
            version = content_version(folder, values["filename"])
            if version:
                values["v"] = version

    app.url_defaults(add_version)
