"""French audio for « Écouter » (espeak-ng), made so that a tap leaves no trace on disk or in a log.

A tap on the speaker of « Pas très bien » just before an anonymous opinion must not say which face
was read, nor when. So:

- the fixed texts spoken on the screens (the faces, the scopes, the buttons, the keypad's digits) are
  made ahead of use, by ``idmix parole`` at install, into the instance folder's ``speech/`` (under
  ``IDMIX_INSTANCE_PATH``), and read into memory when the kiosk starts: a tap opens no file, so no
  file appears, changes or is even read (its access time) at that moment;
- any other text (a whole screen, a first name on a tile) is made in memory for that answer and
  never written;
- the audio is the answer to the POST itself: no second request, no URL naming the text. The kiosk's
  requests are never logged (``kiosk/privacy.py``).
- the audio is compressed (MP3 by ``lame``, made in memory from espeak-ng's WAV, about fifteen times
  smaller): MP3 plays on every tablet, Safari on an old iPad included. Without ``lame`` the kiosk still
  speaks, in WAV.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import shutil
import struct
import subprocess
from typing import NamedTuple
from pathlib import Path

from flask import Flask, current_app

from shared.db import default_instance_path
from shared.feedback.models import FeedbackScope, Mood
from shared.text import strip_control_characters

MAX_TEXT = 800
ENGINE_TIMEOUT_SECONDS = 15
TEMPLATES = Path(__file__).parent / "templates"
_LITERAL_SAY = re.compile(r'say\("([^"{}]+)"\)')
_HOME_WORDS = re.compile(r'\("[a-z]+", "[a-z_.]+", "[a-z-]+", "([^"]+)"\)')
# Mono MP3 at 24 kbit/s (lame resamples to 16 kHz): speech stays clear, the file is ~15 times smaller than the WAV.
MP3_OPTIONS = ["--quiet", "-m", "m", "-b", "24"]


class Sound(NamedTuple):
    """Audio ready to send: its bytes and its format."""

    data: bytes
    mimetype: str


class Format(NamedTuple):
    suffix: str
    mimetype: str


MP3 = Format(".mp3", "audio/mpeg")
WAV = Format(".wav", "audio/wav")
FORMATS = (MP3, WAV)  # preferred first


def engine(config=None) -> str | None:
    """The speaking program (``KIOSK_SPEECH_ENGINE``, env ``IDMIX_KIOSK_SPEECH_ENGINE``) if it can be run."""
    return shutil.which(_settings(config).get("KIOSK_SPEECH_ENGINE") or "espeak-ng")


def encoder(config=None) -> str | None:
    """``lame`` (Debian package ``lame``), or None: then the audio stays WAV."""
    return shutil.which(_settings(config).get("KIOSK_SPEECH_ENCODER") or "lame")


def cache_dir(config=None) -> Path:
    """The instance folder's ``speech/`` (``IDMIX_INSTANCE_PATH``), or ``KIOSK_SPEECH_CACHE`` (env
    ``IDMIX_KIOSK_SPEECH_CACHE``)."""
    configured = _settings(config).get("KIOSK_SPEECH_CACHE")
    return Path(configured) if configured else default_instance_path() / "speech"


def _settings(config):
    return config if config is not None else current_app.config


def cache_key(text: str, secret: str | bytes) -> str:
    """A keyed digest: a file name no one can match with the text without the secret key."""
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    return hmac.new(secret, b"speech:" + text.encode(), hashlib.sha256).hexdigest()[:40]


def spoken_text(value) -> str:
    text = " ".join(strip_control_characters(value if isinstance(value, str) else "").split())
    return text[:MAX_TEXT]


def fixed_texts() -> list[str]:
    """What the screens' small speakers say whoever taps them: known before anyone does."""
    found = {label for enum in (Mood, FeedbackScope) for label in (member.label for member in enum)}
    found.update(str(digit) for digit in range(10))
    for template in TEMPLATES.rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        found.update(_LITERAL_SAY.findall(source))
        found.update(_HOME_WORDS.findall(source))
    return sorted(spoken_text(text) for text in found if spoken_text(text))


def synthesise(program: str, text: str) -> bytes:
    """espeak-ng's French voice, a little slower than its default, straight into memory (WAV)."""
    done = subprocess.run([program, "-v", "fr", "-s", "140", "--stdout", "--stdin"], input=text.encode(),
                          check=True, capture_output=True, timeout=ENGINE_TIMEOUT_SECONDS)
    return _sized(done.stdout)


def _sized(wav: bytes) -> bytes:
    """espeak-ng writing to a pipe cannot know the length: put the real sizes in the RIFF header."""
    data = wav.find(b"data", 12)
    if wav[:4] != b"RIFF" or data < 0:
        raise subprocess.SubprocessError("not a WAV")
    return (wav[:4] + struct.pack("<I", len(wav) - 8) + wav[8:data + 4]
            + struct.pack("<I", len(wav) - data - 8) + wav[data + 8:])


def compress(program: str, wav: bytes) -> bytes:
    """The WAV piped through ``lame`` into MP3, in memory: no file is named after the text."""
    done = subprocess.run([program, *MP3_OPTIONS, "-", "-"], input=wav, check=True, capture_output=True,
                          timeout=ENGINE_TIMEOUT_SECONDS)
    if not done.stdout:
        raise subprocess.SubprocessError("lame wrote nothing")
    return done.stdout


def make_sound(program: str, text: str, mp3_encoder: str | None) -> Sound:
    """The text spoken: MP3 when ``lame`` is there, else WAV (the tablet still speaks, heavier)."""
    wav = synthesise(program, text)
    if mp3_encoder is None:
        return Sound(wav, WAV.mimetype)
    return Sound(compress(mp3_encoder, wav), MP3.mimetype)


def prepare_fixed(program: str, folder: Path, secret: str, mp3_encoder: str | None = None) -> int:
    """Make the fixed texts' audio into ``folder`` (``idmix parole``), MP3 when ``mp3_encoder`` is given,
    else WAV; a file of another text or of the other format goes. Returns how many were made."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    kind = MP3 if mp3_encoder else WAV
    wanted = {cache_key(text, secret): text for text in fixed_texts()}
    for stale in (path for other in FORMATS for path in folder.glob(f"*{other.suffix}")):
        if stale.stem not in wanted or stale.suffix != kind.suffix:
            stale.unlink()
    made = 0
    for key, text in wanted.items():
        target = folder / f"{key}{kind.suffix}"
        if not target.exists():
            partial = target.with_suffix(".part")
            partial.write_bytes(make_sound(program, text, mp3_encoder).data)
            os.replace(partial, target)
            made += 1
    return made


def load_fixed(app: Flask) -> None:
    """Read the prepared audio into memory at start: a tap later opens no file."""
    folder = cache_dir(app.config)
    sounds: dict[str, Sound] = {}
    if folder.is_dir():
        for kind in reversed(FORMATS):  # the preferred format wins if both were left
            for path in folder.glob(f"*{kind.suffix}"):
                if re.fullmatch(r"[0-9a-f]{40}", path.stem):
                    sounds[path.stem] = Sound(path.read_bytes(), kind.mimetype)
    app.extensions["idmix_speech"] = sounds


def audio_for(text: str) -> Sound:
    """The prepared audio of a fixed text, or audio made in memory for this answer only."""
    prepared = current_app.extensions.get("idmix_speech", {})
    key = cache_key(text, current_app.config["SECRET_KEY"])
    if key in prepared:
        return prepared[key]
    program = engine()
    if program is None:
        raise FileNotFoundError("espeak-ng")
    return make_sound(program, text, encoder())
