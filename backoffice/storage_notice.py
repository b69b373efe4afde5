"""The dashboard tells staff, calmly, when SQLite's log cannot be emptied (``shared.maintenance.wal``).

Before the dashboard reads anything (so that its own read does not hold the log), the log is
checkpointed once more: that is also the retry after a reader has gone. When another program still
holds a read open, the notice names it (``admin/_storage_notice.html``).
"""

from __future__ import annotations

from flask import Flask, g, request

from shared.maintenance.wal import truncate_wal, wal_holders_text

from .extensions import db

DASHBOARD = "admin.index"
WAIT_MS = 300


def _check_storage() -> None:
    if request.endpoint != DASHBOARD or db.engine.dialect.name != "sqlite":
        return
    if not truncate_wal(db.engine, wait_ms=WAIT_MS, tries=1):
        g.idmix_storage_notice = wal_holders_text(db.engine)


def storage_notice() -> str | None:
    return g.get("idmix_storage_notice")


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _check_storage)  # first: before any read
    app.add_template_global(storage_notice)
