"""« Écouter » without a French voice in the browser: the server speaks French with espeak-ng, cached per text."""

from __future__ import annotations

import shutil
import stat

import pytest

from .conftest import text_of

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="apt-get install -y espeak-ng")


@pytest.fixture
def cache(kiosk_app, tmp_path, monkeypatch):
    monkeypatch.setitem(kiosk_app.config, "KIOSK_SPEECH_CACHE", str(tmp_path / "speech"))
    return tmp_path / "speech"


@pytest.fixture
def counted_engine(kiosk_app, tmp_path, monkeypatch):
    """espeak-ng behind a wrapper that counts its runs."""
    wrapper = tmp_path / "espeak-counted"
    calls = tmp_path / "calls"
    wrapper.write_text(f'#!/bin/sh\necho x >> "{calls}"\nexec {shutil.which("espeak-ng")} "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setitem(kiosk_app.config, "KIOSK_SPEECH_ENGINE", str(wrapper))
    return lambda: len(calls.read_text().splitlines()) if calls.exists() else 0


def test_the_screen_is_spoken_in_french_audio(tablet, cache):
    answer = tablet.post("/parler", json={"text": "Je signe ma présence. Touchez votre prénom."})
    assert answer.status_code == 200
    audio = tablet.get(answer.get_json()["url"])
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    body = audio.get_data()
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE" and len(body) > 20_000  # a few seconds of speech


def test_the_same_text_is_made_once(tablet, cache, counted_engine):
    first = tablet.post("/parler", json={"text": "Bienvenue !"}).get_json()["url"]
    again = tablet.post("/parler", json={"text": "  Bienvenue !  "}).get_json()["url"]
    other = tablet.post("/parler", json={"text": "Merci !"}).get_json()["url"]
    assert first == again != other
    assert counted_engine() == 2
    assert len(list(cache.glob("*.wav"))) == 2


def test_the_audio_address_does_not_tell_the_text(tablet, cache):
    url = tablet.post("/parler", json={"text": "Bienvenue, Fatima !"}).get_json()["url"]
    assert "Fatima" not in url and "Bienvenue" not in url
    import hashlib

    assert hashlib.sha256("Bienvenue, Fatima !".encode()).hexdigest()[:40] not in url


def test_without_an_engine_the_tablet_is_told_in_french(tablet, cache, kiosk_app, monkeypatch):
    monkeypatch.setitem(kiosk_app.config, "KIOSK_SPEECH_ENGINE", "no-such-engine")
    answer = tablet.post("/parler", json={"text": "Bonjour"})
    assert answer.status_code == 503 and "pas disponible" in answer.get_json()["error"]


@pytest.mark.parametrize("payload", [{}, {"text": ""}, {"text": 12}, {"text": "\x00\u202e"}, []])
def test_nothing_to_read_is_a_calm_refusal(tablet, cache, payload):
    answer = tablet.post("/parler", json=payload)
    assert answer.status_code == 400 and "rien à lire" in answer.get_json()["error"]


def test_a_very_long_text_is_cut_not_refused(tablet, cache):
    assert tablet.post("/parler", json={"text": "la " * 2000}).status_code == 200


@pytest.mark.parametrize("key", ["../../etc/passwd", "x" * 40, "0" * 39])
def test_only_cached_audio_is_served(tablet, cache, key):
    assert tablet.get(f"/parler/{key}.wav").status_code == 404


def test_an_unenrolled_tablet_gets_no_audio(client, cache, kiosk):
    answer = client.post("/parler", json={"text": "Bonjour"})
    assert answer.status_code == 403 and "pas activée" in text_of(answer)
