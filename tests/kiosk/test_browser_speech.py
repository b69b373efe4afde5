"""Chromium plays the kiosk's compressed audio: on a tablet without a French voice, « Écouter » on the home
screen brings MP3 at most a tenth of the WAV it was, it plays, and a small speaker's word plays to its end.
Needs and set-up: tests/kiosk/browser_support.py; lame and espeak-ng (Debian)."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from mutagen.mp3 import MP3

from kiosk.speech import synthesise
from tests.chromium import need, serve

from .browser_support import kiosk_app, kiosk_database, seed_today, tablet_context
from .test_speech_compressed import seconds_of_wav

pytestmark = pytest.mark.browser

NO_VOICE = ("Object.defineProperty(window, 'speechSynthesis', "
            "{value: {getVoices: () => [], speak() {}, cancel() {}, addEventListener() {}}});")
SCREEN = "[data-speak-screen]"
# Chromium's own reading of an audio answer: its media element loads it to « canplaythrough » (or fails).
LOAD_IN_AN_AUDIO_ELEMENT = """async (text) => {
  const answer = await fetch(document.body.dataset.speechUrl, {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify({text})});
  const audio = new Audio(URL.createObjectURL(await answer.blob()));
  return await new Promise((resolve) => {
    audio.addEventListener("canplaythrough", () => resolve({event: "canplaythrough", seconds: audio.duration}));
    audio.addEventListener("error", () => resolve({event: "error", code: audio.error && audio.error.code}));
  });
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need(shutil.which("espeak-ng") is not None, "espeak-ng is missing: apt-get install -y espeak-ng")
    need(shutil.which("lame") is not None, "lame is missing: apt-get install -y lame")
    folder = tmp_path_factory.mktemp("kiosk-speech")
    with kiosk_database(folder) as (url, sessions):
        with sessions() as db:
            today = seed_today(db, [("Fatima", "Benali"), ("Karim", "Diallo")], theme=True)
            db.commit()
            token = today.token
        app = kiosk_app(url, "browser-speech", KIOSK_IDLE_SECONDS=300, KIOSK_SPEECH_CACHE=str(folder / "speech"))
        with serve(app) as base:
            yield {"base": base, "token": token}


@pytest.fixture
def page(chromium, server):
    context = tablet_context(chromium, server["base"], server["token"], (1280, 800))
    context.add_init_script(NO_VOICE)
    page = context.new_page()
    page.goto(server["base"] + "/")
    yield page
    context.close()


def passed_through(page) -> list[dict]:
    """The server's answers to ``/parler``, recorded on their way to the page (which gets them unchanged)."""
    answers = []

    def record(route):
        answer = route.fetch()
        answers.append({"text": json.loads(route.request.post_data)["text"], "status": answer.status,
                        "type": answer.headers["content-type"], "body": answer.body()})
        route.fulfill(response=answer)

    page.route("**/parler", record)
    return answers


def test_the_home_screen_is_heard_in_mp3_a_tenth_of_the_wav(page):
    answers = passed_through(page)
    page.tap(SCREEN)
    page.wait_for_function("document.body.dataset.spoken === 'server'")  # play() started: Chromium takes MP3
    [answer] = answers
    assert "Je signe ma présence" in answer["text"] and "Je donne mon avis" in answer["text"]
    assert answer["status"] == 200 and answer["type"] == "audio/mpeg"
    mp3, wav = answer["body"], synthesise(shutil.which("espeak-ng"), answer["text"])
    print(f"\nhome screen's audio: MP3 {len(mp3)} bytes, the same as WAV {len(wav)} bytes "
          f"({len(wav) / len(mp3):.1f} times smaller), {MP3(io.BytesIO(mp3)).info.length:.1f} s")
    assert len(mp3) * 10 <= len(wav)
    assert page.locator(SCREEN).inner_text().strip() == "Écouter"
    assert "unavailable" not in page.locator(SCREEN).get_attribute("class")


def play_to_the_end(page, speaker) -> None:
    """Tap ``speaker``; speech.js marks it « speaking » until the audio's « ended » (« error »: unavailable)."""
    speaker.tap()
    page.wait_for_function("""(speaker) => document.body.dataset.spoken === 'server'
                              && !speaker.classList.contains('speaking')""", arg=speaker.element_handle())
    assert "unavailable" not in speaker.get_attribute("class")


def test_a_small_speaker_plays_its_word_to_the_end(page):
    answers = passed_through(page)
    play_to_the_end(page, page.locator(".sayable:has(a.action.opinion) .say"))
    assert [(answer["text"], answer["type"]) for answer in answers] == [("Je donne mon avis", "audio/mpeg")]


def test_a_sound_heard_is_released_from_the_tablets_memory(page):
    # Every blob URL speech.js makes is revoked once its sound has played (or another one starts).
    page.evaluate("""() => {
      window.__made = []; window.__revoked = [];
      const make = URL.createObjectURL, revoke = URL.revokeObjectURL;
      URL.createObjectURL = (blob) => { const url = make(blob); window.__made.push(url); return url; };
      URL.revokeObjectURL = (url) => { window.__revoked.push(url); return revoke(url); };
    }""")
    play_to_the_end(page, page.locator(".sayable:has(a.action.opinion) .say"))
    play_to_the_end(page, page.locator(".sayable:has(a.action.signin) .say"))
    made, revoked = page.evaluate("[window.__made, window.__revoked]")
    assert len(made) == 2 and sorted(revoked) == sorted(made)
    gone = page.evaluate("(url) => fetch(url).then(() => 'readable', () => 'gone')", made[0])
    assert gone == "gone"


def test_the_audio_is_kept_nowhere_on_the_tablet(page, server):
    """The tablet's worker keeps the kiosk's files for a network cut, never what was listened to."""
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.goto(server["base"] + "/")  # now under the worker
    assert page.evaluate("() => navigator.serviceWorker.controller !== null")
    play_to_the_end(page, page.locator(".sayable:has(a.action.opinion) .say"))
    kept = page.evaluate("""async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      }
      return urls;
    }""")
    assert any(url.endswith("/static/speech.js") for url in kept)  # the worker did keep the kiosk's files
    assert [url for url in kept if "parler" in url] == []


def test_chromium_reads_the_whole_mp3_with_its_length(page):
    text = "Je donne mon avis. Touchez un visage."
    heard = page.evaluate(LOAD_IN_AN_AUDIO_ELEMENT, text)
    assert heard["event"] == "canplaythrough", heard
    spoken = seconds_of_wav(synthesise(shutil.which("espeak-ng"), text))
    assert abs(heard["seconds"] - spoken) < 0.5, (heard, spoken)
