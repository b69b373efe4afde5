"""« Écouter » where the tablet has no French voice: French audio made here by espeak-ng, cached per text.

The browser's own French voice is used first (kiosk/static/speech.js). Without one, the page posts
the words of the screen (never what a person typed) and plays the WAV it is pointed to. The text
travels in the body, so no log line holds it; the file name is a keyed digest of the text (not a
plain hash a log reader could match with "Bienvenue, Fatima !"). Cached files older than a day are
removed as new ones are written, so first names shown on a screen do not stay on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, request, send_file, url_for

from shared.text import strip_control_characters

from ..extensions import csrf

bp = Blueprint("speech", __name__, url_prefix="/parler")
# Only the kiosk's words are posted, and nothing is stored but the cache: no form token to carry.
csrf.exempt(bp)

MAX_TEXT = 800
ENGINE_TIMEOUT_SECONDS = 15
CACHE_MAX_AGE_SECONDS = 24 * 3600
UNAVAILABLE = "Le son n'est pas disponible sur cette tablette."


def engine() -> str | None:
    return shutil.which(current_app.config.get("KIOSK_SPEECH_ENGINE", "espeak-ng"))


def cache_dir() -> Path:
    path = Path(current_app.config.get("KIOSK_SPEECH_CACHE") or Path(current_app.instance_path) / "speech")
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key(text: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, b"speech:" + text.encode(), hashlib.sha256).hexdigest()[:40]


def spoken_text(value) -> str:
    text = " ".join(strip_control_characters(value if isinstance(value, str) else "").split())
    return text[:MAX_TEXT]


@bp.post("")
def prepare():
    payload = request.get_json(silent=True)
    text = spoken_text(payload.get("text") if isinstance(payload, dict) else request.form.get("text"))
    if not text:
        return jsonify(error="Il n'y a rien à lire."), 400
    program = engine()
    if program is None:
        return jsonify(error=UNAVAILABLE), 503
    key = cache_key(text)
    target = cache_dir() / f"{key}.wav"
    if not target.exists():
        try:
            _synthesise(program, text, target)
        except (OSError, subprocess.SubprocessError):
            current_app.logger.warning("Synthèse vocale impossible (espeak-ng)")
            return jsonify(error=UNAVAILABLE), 503
        _forget_old(target.parent)
    return jsonify(url=url_for("speech.audio", key=key))


@bp.get("/<key>.wav")
def audio(key: str):
    if len(key) != 40 or not all(ch in "0123456789abcdef" for ch in key):
        abort(404)
    path = cache_dir() / f"{key}.wav"
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="audio/wav", max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def _synthesise(program: str, text: str, target: Path) -> None:
    """espeak-ng's French voice, a little slower than its default; written atomically (several workers)."""
    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        subprocess.run([program, "-v", "fr", "-s", "140", "-w", partial, "--stdin"], input=text.encode(),
                       check=True, capture_output=True, timeout=ENGINE_TIMEOUT_SECONDS)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


def _forget_old(folder: Path) -> None:
    limit = time.time() - CACHE_MAX_AGE_SECONDS
    for old in folder.glob("*.wav"):
        try:
            if old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass
