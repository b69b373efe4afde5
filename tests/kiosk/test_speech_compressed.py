"""« Écouter »'s audio travels compressed: MP3 made by lame from espeak-ng's WAV, in memory, a tenth of the WAV
at most. Read back by programs that did not write it: mutagen (PyPI) reads the MP3 frames, lame's decoder
turns it back into PCM that Python's ``wave`` measures. Without lame the tablet still speaks, in WAV.
Chromium playing it: test_browser_speech.py."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import wave

import pytest
from click.testing import CliRunner
from mutagen.mp3 import MP3

from idmix.cli import main
from kiosk.speech import cache_key, fixed_texts, load_fixed, prepare_fixed, synthesise

from tests.chromium import need

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="apt-get install -y espeak-ng")

SENTENCE = "Je signe ma présence. Touchez votre prénom, puis tapez votre code."


@pytest.fixture
def lame():
    """lame's path (Debian package ``lame``, installed by .ci/run: missing, this fails in CI)."""
    need(shutil.which("lame") is not None, "lame is missing: apt-get install -y lame")
    return shutil.which("lame")


@pytest.fixture
def cache(kiosk_app, tmp_path, monkeypatch):
    monkeypatch.setitem(kiosk_app.config, "KIOSK_SPEECH_CACHE", str(tmp_path / "speech"))
    return tmp_path / "speech"


@pytest.fixture
def prepared(kiosk_app):
    """Whatever a test loads as prepared audio is forgotten after it."""
    yield kiosk_app
    kiosk_app.extensions["idmix_speech"] = {}


def seconds_of_wav(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as reader:
        return reader.getnframes() / reader.getframerate()


def decoded_by_lame(program: str, mp3: bytes, folder) -> bytes:
    """The MP3 decoded to a WAV file (from files, lame writes the WAV header's real sizes)."""
    (folder / "heard.mp3").write_bytes(mp3)
    subprocess.run([program, "--quiet", "--decode", str(folder / "heard.mp3"), str(folder / "heard.wav")],
                   check=True, timeout=30)
    return (folder / "heard.wav").read_bytes()


def test_the_audio_is_mp3_that_readers_find_as_long_as_the_speech(tablet, cache, lame, tmp_path):
    answer = tablet.post("/parler", json={"text": SENTENCE})
    assert answer.status_code == 200 and answer.mimetype == "audio/mpeg"
    mp3 = answer.get_data()
    spoken = seconds_of_wav(synthesise(shutil.which("espeak-ng"), SENTENCE))
    assert 2 < spoken < 10  # a sentence, as espeak-ng says it
    info = MP3(io.BytesIO(mp3)).info
    assert info.channels == 1 and abs(info.length - spoken) < 0.5
    assert abs(seconds_of_wav(decoded_by_lame(lame, mp3, tmp_path)) - spoken) < 0.5


def test_the_mp3_weighs_at_most_a_tenth_of_the_wav(tablet, cache, lame):
    wav = synthesise(shutil.which("espeak-ng"), SENTENCE)
    mp3 = tablet.post("/parler", json={"text": SENTENCE}).get_data()
    assert len(mp3) * 10 <= len(wav), (len(mp3), len(wav))


def test_without_lame_the_tablet_still_speaks_in_wav(tablet, cache, kiosk_app, monkeypatch):
    monkeypatch.setitem(kiosk_app.config, "KIOSK_SPEECH_ENCODER", "no-such-encoder")
    answer = tablet.post("/parler", json={"text": "Je signe ma présence. Touchez votre prénom."})
    assert answer.status_code == 200 and answer.mimetype == "audio/wav"
    assert answer.headers["Cache-Control"] == "no-store"
    body = answer.get_data()
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and seconds_of_wav(body) > 1.5
    assert struct.unpack("<I", body[4:8])[0] == len(body) - 8  # real sizes, though espeak-ng wrote to a pipe


def test_an_encoder_that_fails_is_told_in_french_not_a_500(tablet, cache, kiosk_app, monkeypatch):
    monkeypatch.setitem(kiosk_app.config, "KIOSK_SPEECH_ENCODER", shutil.which("false"))
    answer = tablet.post("/parler", json={"text": "Bonjour"})
    assert answer.status_code == 503 and "pas disponible" in answer.get_json()["error"]


def test_prepared_audio_is_served_in_the_format_it_was_made(tablet, kiosk_app, cache, prepared, lame):
    """Made before lame was installed: WAV, served as such. ``idmix parole`` again with lame: MP3 only."""
    espeak, secret = shutil.which("espeak-ng"), kiosk_app.config["SECRET_KEY"]
    prepare_fixed(espeak, cache, secret, None)
    load_fixed(kiosk_app)
    before = tablet.post("/parler", json={"text": "Pas très bien"})
    assert before.mimetype == "audio/wav" and before.get_data()[:4] == b"RIFF"
    assert prepare_fixed(espeak, cache, secret, lame) == len(fixed_texts())  # every WAV replaced
    assert {path.suffix for path in cache.iterdir()} == {".mp3"}
    load_fixed(kiosk_app)
    after = tablet.post("/parler", json={"text": "Pas très bien"})
    assert after.mimetype == "audio/mpeg" and MP3(io.BytesIO(after.get_data())).info.length > 0.3
    assert len(after.get_data()) * 10 <= len(before.get_data())


def test_idmix_parole_says_when_lame_is_missing_and_keeps_wav(tmp_path, monkeypatch):
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IDMIX_SECRET_KEY", "une-clé-de-test")
    monkeypatch.setenv("IDMIX_KIOSK_SPEECH_ENCODER", "no-such-encoder")
    result = CliRunner().invoke(main, ["parole"], catch_exceptions=False)
    assert result.exit_code == 0 and "lame n'est pas installé" in result.output and "(WAV)" in result.output
    made = list((tmp_path / "instance" / "speech").iterdir())
    assert len(made) == len(fixed_texts()) and {path.suffix for path in made} == {".wav"}


def test_idmix_parole_makes_mp3_into_the_folder_the_kiosk_reads(tmp_path, monkeypatch, lame):
    """IDMIX_KIOSK_SPEECH_CACHE is the kiosk's setting: the command writes where the kiosk will read."""
    monkeypatch.setenv("IDMIX_KIOSK_SPEECH_CACHE", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IDMIX_SECRET_KEY", "une-clé-de-test")
    result = CliRunner().invoke(main, ["parole"], catch_exceptions=False)
    assert result.exit_code == 0 and "(MP3)" in result.output
    expected = {f"{cache_key(text, 'une-clé-de-test')}.mp3" for text in fixed_texts()}
    assert {path.name for path in (tmp_path / "elsewhere").iterdir()} == expected
    assert not (tmp_path / "instance" / "speech").exists()
