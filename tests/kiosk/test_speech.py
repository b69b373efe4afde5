"""« Écouter » without a French voice in the browser: the server speaks French with espeak-ng, cached per text.

The format of the audio (MP3 by lame, WAV without it) is tested in test_speech_compressed.py."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

from click.testing import CliRunner

import pytest

from idmix.cli import main
from kiosk import create_app
from kiosk.speech import cache_key, encoder, fixed_texts, load_fixed, prepare_fixed
from shared.feedback.models import FeedbackScope, Mood

from .conftest import kiosk_config, text_of

ROOT = Path(__file__).resolve().parents[2]

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
    """The answer is the audio itself: no second request, no address naming what was read, kept nowhere."""
    answer = tablet.post("/parler", json={"text": "Je signe ma présence. Touchez votre prénom."})
    assert answer.status_code == 200 and answer.mimetype in ("audio/mpeg", "audio/wav")
    assert answer.headers["Cache-Control"] == "no-store"
    assert len(answer.get_data()) > 3_000  # a few seconds of speech, even compressed


def snapshot(folder: Path) -> dict:
    """Every file under ``folder`` with its size and times, as someone copying the folder would see them."""
    return {str(path): (path.stat().st_size, path.stat().st_mtime_ns, path.stat().st_ctime_ns)
            for path in folder.rglob("*")} if folder.exists() else {}


def test_a_tap_leaves_no_file_in_the_instance_folder(tablet, kiosk_app, tmp_path, monkeypatch):
    """« Pas très bien » tapped before an anonymous opinion: no file appears or changes, whatever is read."""
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delitem(kiosk_app.config, "KIOSK_SPEECH_CACHE", raising=False)
    before, checkout = snapshot(tmp_path), snapshot(ROOT / "instance")
    for text in ("Pas très bien", "Bienvenue, Fatima !", "Je donne mon avis. Touchez un visage."):
        assert tablet.post("/parler", json={"text": text}).status_code == 200
    assert snapshot(tmp_path) == before
    assert snapshot(ROOT / "instance") == checkout  # nor in the checkout's folder


def test_fixed_texts_are_made_at_install_under_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IDMIX_SECRET_KEY", "une-clé-de-test")
    result = CliRunner().invoke(main, ["parole"], catch_exceptions=False)
    assert result.exit_code == 0 and "Sons des textes fixes prêts" in result.output
    made = sorted((tmp_path / "instance" / "speech").glob("*.*"))
    assert len(made) == len(fixed_texts())
    assert {path.stem for path in made} == {cache_key(text, "une-clé-de-test") for text in fixed_texts()}
    again = CliRunner().invoke(main, ["parole"], catch_exceptions=False)
    assert "(0 nouveau(x))" in again.output  # made once


def test_the_faces_scopes_buttons_and_digits_are_fixed_texts():
    texts = fixed_texts()
    assert {mood.label for mood in Mood} <= set(texts) and {scope.label for scope in FeedbackScope} <= set(texts)
    assert {"Je donne mon avis", "Envoyer mon avis", "Je ne sais pas", "Je vote", "7"} <= set(texts)
    assert not any("{" in text or "Fatima" in text for text in texts)


def test_prepared_audio_is_read_at_start_and_served_from_memory(tablet, kiosk_app, cache, counted_engine):
    made = prepare_fixed(shutil.which("espeak-ng"), cache, kiosk_app.config["SECRET_KEY"], encoder(kiosk_app.config))
    assert made == len(fixed_texts())
    load_fixed(kiosk_app)
    try:
        [path] = cache.glob(f"{cache_key('Pas très bien', kiosk_app.config['SECRET_KEY'])}.*")
        expected = path.read_bytes()
        for prepared in cache.iterdir():
            prepared.unlink()  # a tap that opened a file would find none now
        answer = tablet.post("/parler", json={"text": "Pas très bien"})
        assert answer.status_code == 200 and answer.get_data() == expected
        assert counted_engine() == 0
    finally:
        kiosk_app.extensions["idmix_speech"] = {}


def test_other_texts_are_made_in_memory_each_time(tablet, cache, counted_engine):
    first = tablet.post("/parler", json={"text": "Bienvenue, Fatima !"}).get_data()
    again = tablet.post("/parler", json={"text": "  Bienvenue, Fatima !  "}).get_data()
    assert first == again and counted_engine() == 2
    assert not cache.exists() or list(cache.iterdir()) == []


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


@pytest.mark.parametrize("key", ["../../etc/passwd", "x" * 40, "0" * 40])
def test_no_audio_is_served_by_address(tablet, cache, key):
    assert tablet.get(f"/parler/{key}.wav").status_code == 404


def test_an_unenrolled_tablet_gets_no_audio(client, cache, kiosk):
    answer = client.post("/parler", json={"text": "Bonjour"})
    assert answer.status_code == 403 and "pas activée" in text_of(answer)


def test_the_speech_folder_set_in_the_environment_is_the_one_prepared_and_read(tmp_path, monkeypatch, database_url):
    """IDMIX_KIOSK_SPEECH_CACHE (deploy/idmix.env): `idmix parole` fills that folder and the tablet reads it."""
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IDMIX_SECRET_KEY", "une-clé-de-test")
    monkeypatch.setenv("IDMIX_KIOSK_SPEECH_CACHE", str(tmp_path / "sons"))
    result = CliRunner().invoke(main, ["parole"], catch_exceptions=False)
    assert result.exit_code == 0 and str(tmp_path / "sons") in result.output
    sounds = [path for path in (tmp_path / "sons").iterdir() if path.suffix in (".mp3", ".wav")]  # WAV without lame
    assert len(sounds) == len(fixed_texts())
    assert not (tmp_path / "instance" / "speech").exists()
    app = create_app(kiosk_config(database_url, SECRET_KEY="une-clé-de-test"))
    assert len(app.extensions["idmix_speech"]) == len(fixed_texts())


def test_the_speech_engine_set_in_the_environment_is_the_one_run(tmp_path, monkeypatch, database_url):
    """IDMIX_KIOSK_SPEECH_ENGINE: a program that is not there is named in French, by `idmix parole` and the tablet."""
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("IDMIX_KIOSK_SPEECH_ENGINE", "voix-absente")
    result = CliRunner().invoke(main, ["parole"])
    assert result.exit_code != 0 and "voix-absente n'est pas installé" in result.output
    assert create_app(kiosk_config(database_url)).config["KIOSK_SPEECH_ENGINE"] == "voix-absente"
