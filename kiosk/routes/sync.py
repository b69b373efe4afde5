"""The kiosk without network: its service worker, manifest, offline roster and the queue's return.

``/hors-ligne/donnees`` gives the tablet what it may hold offline (today's session and its people as
first name, initial and symbol, and the server's public key to seal PINs: ``shared.kiosk.offline_seal``).
``/hors-ligne/envoi`` receives the queue kept on the tablet; each item's one-time key is accepted once
(``shared.kiosk.offline``). A revoked or un-enrolled tablet gets 403 on both, and its worker wipes all
it holds.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, request

from shared import clock
from shared.kiosk import offline_seal, walk_ins
from shared.kiosk.offline import offline_roster, receive_queue

from ..extensions import csrf, db
from .offline_screens import shell_version

bp = Blueprint("sync", __name__)
# A queue is sent in batches of 50 items (offline.js): 50 sealed PINs (about 600 bytes each) or 50 long
# opinions fit; the kiosk's other forms keep their 32 KiB.
SYNC_MAX_BYTES = 256 * 1024
VERSION_LINE = 'var VERSION = "dev";'


@bp.get("/sw.js")
def worker():
    # Served from the root so that its scope is the whole kiosk; never cached by the browser's HTTP cache.
    # Its VERSION is the digest of the static files and templates: when they change, the worker's bytes
    # change, the tablet installs it at its next screen and keeps the new files in a cache of that name.
    script = (Path(current_app.static_folder) / "sw.js").read_text(encoding="utf-8")
    script = script.replace(VERSION_LINE, f'var VERSION = "{shell_version()}";', 1)
    response = current_app.response_class(script, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()  # each screen's update check is answered 304 while nothing changed
    return response.make_conditional(request)


@bp.get("/manifest.webmanifest")
def manifest():
    root = request.script_root.rstrip("/") + "/"
    static = root + "static/"
    response = jsonify({
        "name": "ID'MIX – tablette", "short_name": "ID'MIX", "lang": "fr", "start_url": root, "scope": root,
        "display": "fullscreen", "background_color": "#ffffff", "theme_color": "#1d4f91",
        "icons": [{"src": static + "favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    })
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/hors-ligne/donnees")
def roster():
    data = offline_roster(db.session, g.device, clock.today())
    data["seal_key"] = offline_seal.keys().for_tablet()  # public: the private key stays on the server
    data["idle_seconds"] = current_app.config["KIOSK_IDLE_SECONDS"]
    data["first_name"] = walk_ins.rule_for_tablet()  # a visitor's first name, checked offline as online
    response = jsonify(data)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/hors-ligne/envoi")
@csrf.exempt  # JSON only: a cross-site page cannot send it without a CORS preflight, and the cookie is Strict
def receive():
    request.max_content_length = SYNC_MAX_BYTES
    payload = request.get_json(silent=True) if request.is_json else None
    if not isinstance(payload, dict) or not isinstance(payload.get("items", []), list):
        return jsonify(error="Envoi illisible : la tablette réessaiera."), 400
    outcomes = receive_queue(db.session, device=g.device, items=payload.get("items", []),
                             waiting=payload.get("waiting", 0), seal_keys=offline_seal.keys(), now=clock.now())
    if any(isinstance(item, dict) and item.get("kind") == "opinion" for item in payload.get("items", [])):
        g.kiosk_forget_write_order = True  # as for an opinion given online: SQLite's log keeps no order
    response = jsonify(outcomes=outcomes)
    response.headers["Cache-Control"] = "no-store"
    return response
