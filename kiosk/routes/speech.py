"""« Écouter » where the tablet has no French voice: the answer is French audio made by espeak-ng.

The browser's own French voice is used first (kiosk/static/speech.js). Without one, the page posts
the words of the screen (never what a person typed) and plays the MP3 that comes back (WAV where the
server has no ``lame``). The text
travels in the body, so no address holds it. The fixed texts were made ahead (``idmix parole``) and
are served from memory; others are made in memory and never written (``kiosk.speech``): a tap leaves
no file, no file time, and no log line (``kiosk/privacy.py``).
"""

from __future__ import annotations

import subprocess

from flask import Blueprint, Response, jsonify, request

from .. import speech
from ..extensions import csrf

bp = Blueprint("speech", __name__, url_prefix="/parler")
# Only the kiosk's words are posted, and nothing is stored: no form token to carry.
csrf.exempt(bp)

UNAVAILABLE = "Le son n'est pas disponible sur cette tablette."


@bp.post("")
def prepare():
    payload = request.get_json(silent=True)
    text = speech.spoken_text(payload.get("text") if isinstance(payload, dict) else request.form.get("text"))
    if not text:
        return jsonify(error="Il n'y a rien à lire."), 400
    try:
        sound = speech.audio_for(text)
    except (OSError, subprocess.SubprocessError):
        return jsonify(error=UNAVAILABLE), 503  # nothing logged: a line would say when someone listened
    response = Response(sound.data, mimetype=sound.mimetype)
    # The answer to a POST, never kept: a copy in the tablet's cache would say what was listened to.
    response.headers["Cache-Control"] = "no-store"
    return response
