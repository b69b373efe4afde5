"""Static addresses carry the hash of their content (``?v=``), so nginx may let browsers keep them a year."""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from werkzeug.test import Client

import wsgi
from shared.static_versions import content_version

ROOT = Path(__file__).resolve().parents[2]


def _version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def test_every_static_address_of_both_apps_carries_the_hash_of_its_content(tmp_path):
    config = {"SECRET_KEY": secrets.token_hex(16), "SQLALCHEMY_ENGINES": {"default": f"sqlite:///{tmp_path / 'a.db'}"}}
    client = Client(wsgi.build_app(dict(config), dict(config)))
    kiosk = client.get("/kiosk/activer").text
    admin = client.get("/admin/login").text
    assert f'/kiosk/static/kiosk.css?v={_version(ROOT / "kiosk/static/kiosk.css")}"' in kiosk
    own = "vendor/bootswatch/flatly.min.css"  # the theme, served without its web-font import
    assert f'/admin/static/{own}?v={_version(ROOT / "backoffice/static" / own)}"' in admin, admin[:500]
    import flask_admin
    from flask import url_for

    import backoffice

    app = backoffice.create_app(dict(config))
    with app.test_request_context():  # Flask-Admin's own files, as its pages ask for them
        address = url_for("admin.static", filename="admin/js/helpers.js")
    assert address.endswith("?v=" + _version(Path(flask_admin.__file__).parent / "static/admin/js/helpers.js"))
    assert not re.search(r'/static/[^"?]+"', kiosk + admin)  # none without its version


def test_the_version_changes_with_the_content_and_ignores_files_outside_the_folder(tmp_path):
    (tmp_path / "a.css").write_text("body { color: black }")
    (tmp_path / "b.css").write_text("body { color: navy }")
    assert content_version(str(tmp_path), "a.css") != content_version(str(tmp_path), "b.css")
    assert content_version(str(tmp_path), "../secret") is None
    assert content_version(str(tmp_path), "missing.css") is None
